import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineConnector, defineTrigger } from "./define";
import { pollNewItems } from "./polling";
import { createMockContext } from "./testing";

let rows: unknown[] = [];
const newRow = defineTrigger({
  name: "newRow",
  title: "New row",
  description: "",
  kind: "poll",
  props: z.object({}),
  output: z.object({ id: z.string(), n: z.number() }),
  sampleOutput: { id: "r1", n: 1 },
  poll: async () => rows as never,
  dedupeKey: (r) => r.id,
});
const table = defineConnector({
  slug: "table",
  name: "Table",
  description: "",
  icon: "",
  categories: [],
  baseUrl: "http://unused/",
  actions: [],
  triggers: [newRow],
});
const row = (i: number) => ({ id: `r${i}`, n: i });
const ids = (items: unknown[]) => items.map((i) => (i as { id: string }).id);

describe("pollNewItems", () => {
  it("records a baseline first, then returns only unseen items, oldest first", async () => {
    const ctx = createMockContext(newRow, { connector: table, props: {} });
    rows = [row(1), row(2)];
    expect(await pollNewItems(newRow, ctx)).toEqual([]);
    rows = [row(1), row(2), row(3)];
    expect(ids(await pollNewItems(newRow, ctx))).toEqual(["r3"]);
    expect(await pollNewItems(newRow, ctx)).toEqual([]);
  });

  it("a limit defers the rest to the next poll instead of dropping it", async () => {
    const ctx = createMockContext(newRow, { connector: table, props: {} });
    rows = [row(1), row(2), row(3), row(4), row(5)];
    expect(ids(await pollNewItems(newRow, ctx, { includeExisting: true, limit: 2 }))).toEqual(["r1", "r2"]);
    expect(ids(await pollNewItems(newRow, ctx, { limit: 2 }))).toEqual(["r3", "r4"]);
    expect(ids(await pollNewItems(newRow, ctx, { limit: 2 }))).toEqual(["r5"]);
    expect(await pollNewItems(newRow, ctx, { limit: 2 })).toEqual([]);
  });

  it("an item that breaks the output schema is logged and skipped once, not fatal to every later poll", async () => {
    const ctx = createMockContext(newRow, { connector: table, props: {} });
    rows = [row(1)];
    await pollNewItems(newRow, ctx);
    rows = [row(1), { id: "bad", n: "not a number" }, row(2)];
    expect(ids(await pollNewItems(newRow, ctx))).toEqual(["r2"]);
    expect(ctx.logger.lines).toEqual([
      expect.objectContaining({
        level: "error",
        fields: expect.objectContaining({ key: "bad", error: expect.stringContaining("n: ") }),
      }),
    ]);
    expect(await pollNewItems(newRow, ctx)).toEqual([]);
  });
});
