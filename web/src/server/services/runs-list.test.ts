// The runs list's filters on real Postgres: status, workflow and a time range, newest first,
// each page's cursor keeping the filters; bad ranges are refused with the field's name.
import {
  seedRun,
  seedSiblingWorkflow,
  seedWorkflow,
  useTestDatabase,
  type SeededWorkflow,
} from "@switchyard/devstack/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { parseInput } from "./pagination";
import { listRuns, listRunsQuery } from "./runs";

const t = useTestDatabase();
const DEFINITION = {
  name: "List",
  trigger: { type: "webhook" },
  steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }],
};
const day = (d: number, h = 0) => new Date(Date.UTC(2026, 10, d, h));

let wf: SeededWorkflow;
const ids: Record<string, string> = {};
beforeAll(async () => {
  wf = await seedWorkflow(t.db, DEFINITION, "first");
  const other = await seedSiblingWorkflow(t.db, wf, DEFINITION, "second");
  const rows: [string, SeededWorkflow, Date, string, boolean][] = [
    ["oldFailed", wf, day(1), "failed", false],
    ["midOk", wf, day(2), "succeeded", true],
    ["midOther", other, day(2, 6), "succeeded", false],
    ["newFailed", wf, day(3), "failed", false],
  ];
  for (const [name, seeded, createdAt, status, testMode] of rows) {
    ids[name] = await seedRun(t.db, seeded, {});
    await t.db.run.update({ where: { id: ids[name] }, data: { createdAt, status: status as never, testMode } });
  }
});

const list = (query: Record<string, unknown>) =>
  listRuns(t.db, wf.workspaceId, parseInput(listRunsQuery, query, "invalid_query"));
const names = (items: { id: string }[]) => items.map((r) => Object.entries(ids).find(([, id]) => id === r.id)![0]);

describe("listRuns filters", () => {
  it("takes runs created from `since` up to, not including, `until`", async () => {
    const page = await list({ since: day(2).toISOString(), until: day(3).toISOString() });
    expect(names(page.items)).toEqual(["midOther", "midOk"]);
  });

  it("combines the range with status and workflow, and pages within them", async () => {
    const first = await list({ since: day(1).toISOString(), status: "failed", workflow: "first", limit: 1 });
    expect(names(first.items)).toEqual(["newFailed"]);
    const next = await list({
      since: day(1).toISOString(),
      status: "failed",
      workflow: "first",
      limit: 1,
      cursor: first.nextCursor,
    });
    expect([names(next.items), next.nextCursor]).toEqual([["oldFailed"], null]);
  });

  it("shows the test-mode marker and the event's source with each run", async () => {
    const page = await list({ workflow: "first", status: "succeeded" });
    expect(page.items).toEqual([expect.objectContaining({ id: ids.midOk, testMode: true, eventSource: "test" })]);
  });

  it("refuses malformed instants, an empty range and years Postgres may not take, naming the field", () => {
    expect(() => parseInput(listRunsQuery, { since: "yesterday" }, "invalid_query")).toThrow(
      "since: since must be an ISO 8601 date-time, e.g. 2026-11-29T12:00:00Z",
    );
    expect(() =>
      parseInput(listRunsQuery, { since: day(3).toISOString(), until: day(2).toISOString() }, "invalid_query"),
    ).toThrow("until: until must be later than since");
    expect(() => parseInput(listRunsQuery, { until: "0000-01-01T00:00:00Z" }, "invalid_query")).toThrow(
      "until: until must be in the years 1970 to 9999",
    );
  });
});
