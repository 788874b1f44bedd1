import { maxInFlight, runToCompletion, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { workflowIdForRun } from "../client";
import { CHUNK_SIZE, MAX_BATCH, nextBatchSize, TARGET_BATCH_MS } from "./fan-out";

const t = useTestDatabase();
const h = useEngine(t, "fan-out");

const forEachStep = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  uses: "http.request",
  forEach: "{{ trigger.body.items }}",
  with: { url: `${h.sink.url}/${id}`, method: "POST", body: { n: "{{ item }}", at: "{{ index }}" } },
  retry: { maxAttempts: 2, initialInterval: "50ms" },
  ...extra,
});
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("nextBatchSize", () => {
  it("probes with one item, packs cheap items up to the target, spreads expensive ones, shares work across slots", () => {
    expect(nextBatchSize(undefined, 10_000, 10)).toBe(1);
    expect(nextBatchSize(1, 10_000, 10)).toBe(TARGET_BATCH_MS);
    expect(nextBatchSize(0.001, 100_000, 10)).toBe(MAX_BATCH);
    expect(nextBatchSize(1_000, 200, 50)).toBe(1);
    expect(nextBatchSize(1, 40, 10)).toBe(4);
  });
});

describe("forEach", () => {
  it("10,000 cheap items: correct and in order, batched, chunked through child workflows, output kept in Postgres", async () => {
    h.sink.on("/cheap", { echo: true });
    const n = 10_000;
    const r = await runToCompletion(
      t.db,
      h.engine,
      {
        steps: [
          forEachStep("cheap", { concurrency: 20 }),
          {
            id: "count",
            uses: "core.transform",
            needs: ["cheap"],
            with: { value: { total: "{{ $count(steps.cheap.output) }}", last: "{{ steps.cheap.output[-1].body.n }}" } },
          },
        ],
      },
      { trigger: { body: { items: range(n) } } },
    );
    expect(r.status).toBe("succeeded");
    const output = r.steps.cheap!.output as { body: { n: number; at: number } }[];
    expect(output).toHaveLength(n);
    expect(output.every((o, i) => o.body.n === i && o.body.at === i)).toBe(true);
    expect(h.sink.effects("/cheap")).toBe(n);
    // A dependent read the claim-checked output through Postgres.
    expect(r.steps.count!.output).toEqual({ total: n, last: n - 1 });
    expect(r.result.steps.cheap).toEqual({ status: "succeeded", stored: "items" });

    const parent = await h.engine.temporal.workflow.getHandle(workflowIdForRun(r.runId)).fetchHistory();
    const children = parent.events!.filter((e) => e.childWorkflowExecutionStartedEventAttributes);
    expect(children).toHaveLength(n / CHUNK_SIZE);
    const childHistory = await h.engine.temporal.workflow
      .getHandle(children[0]!.childWorkflowExecutionStartedEventAttributes!.workflowExecution!.workflowId!)
      .fetchHistory();
    const activities = childHistory.events!.filter((e) => e.activityTaskScheduledEventAttributes).length;
    // Cheap items are packed: fewer activities than items. How many per batch follows the measured
    // cost per item, which depends on the machine, so only the packing itself is asserted here;
    // the sizing rule is unit-tested through nextBatchSize.
    expect(activities).toBeLessThan(CHUNK_SIZE);
  }, 300_000);

  it("200 slow items spread across parallel activities up to the concurrency bound, in order", async () => {
    h.sink.on("/slow", { echo: true, delayMs: 300 });
    const r = await runToCompletion(
      t.db,
      h.engine,
      { steps: [forEachStep("slow", { concurrency: 50 })] },
      { trigger: { body: { items: range(200) } } },
    );
    expect(r.status).toBe("succeeded");
    const output = r.result.steps.slow!.output as { body: { n: number } }[];
    expect(output.map((o) => o.body.n)).toEqual(range(200));
    const inFlight = maxInFlight(h.sink.calls("/slow"));
    expect(inFlight).toBeLessThanOrEqual(50);
    expect(inFlight).toBeGreaterThanOrEqual(25);
  }, 60_000);

  it("failed items fail the step with a precise message after every item was tried; dependents are skipped", async () => {
    for (const i of range(5)) h.sink.on(`/item/${i}`, i === 3 ? { status: 400 } : { echo: true });
    const r = await runToCompletion(
      t.db,
      h.engine,
      {
        steps: [
          {
            id: "each",
            uses: "http.request",
            forEach: "{{ trigger.body.items }}",
            with: { url: `${h.sink.url}/item/{{ item }}`, method: "POST", body: { n: "{{ item }}" } },
          },
          { id: "after", uses: "core.transform", needs: ["each"], with: { value: 1 } },
        ],
      },
      { trigger: { body: { items: range(5) } } },
    );
    expect(r.status).toBe("failed");
    expect(r.steps.each).toMatchObject({ status: "failed" });
    expect((r.steps.each!.error as { message: string }).message).toMatch(
      /^1 of 5 items failed; first: item 3: HTTP 400/,
    );
    for (const i of [0, 1, 2, 4]) expect(h.sink.calls(`/item/${i}`)).toHaveLength(1);
    expect(r.steps.after).toMatchObject({ status: "skipped", blockedBy: "each" });
  });

  it("a forEach that does not resolve to an array fails clearly", async () => {
    const r = await runToCompletion(
      t.db,
      h.engine,
      { steps: [forEachStep("notarray")] },
      { trigger: { body: { items: "nope" } } },
    );
    expect(r.steps.notarray).toMatchObject({ status: "failed" });
    expect((r.steps.notarray!.error as { message: string }).message).toContain(
      "forEach must resolve to an array, not string",
    );
  });
});
