// The step rows' hand-written upserts against a real database: what a retry keeps, what it
// clears, and that a JSON null output is stored as such rather than read as "leave it".
import { seedRun, seedWorkflow, useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { markStepRunning, writeStepRow } from "./step-rows";

const t = useTestDatabase();
const definition = {
  name: "rows",
  trigger: { type: "webhook" },
  steps: [{ id: "a", uses: "http.request", with: { url: "http://127.0.0.1:1/" } }],
};

let n = 0;
const newRun = async () => seedRun(t.db, await seedWorkflow(t.db, definition, `rows-${++n}`));
const rowOf = (runId: string, stepId = "a") =>
  t.db.stepRun.findUniqueOrThrow({ where: { runId_stepId: { runId, stepId } } });

describe("step rows", () => {
  it("a retried attempt keeps the first start and the input, and clears the last attempt's error", async () => {
    const runId = await newRun();
    await markStepRunning(t.db, { runId, stepId: "a", attempts: 1, input: { url: "x" } });
    const first = await rowOf(runId);
    await t.db.stepRun.update({ where: { id: first.id }, data: { error: { message: "HTTP 503" } } });

    await markStepRunning(t.db, { runId, stepId: "a", attempts: 2, input: undefined });
    const retried = await rowOf(runId);
    expect(retried).toMatchObject({ id: first.id, status: "running", attempts: 2, input: { url: "x" }, error: null });
    expect(retried.startedAt).toEqual(first.startedAt);
    expect(Math.abs(first.startedAt!.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("a settled row keeps what the write leaves out, and stores a null output as JSON null", async () => {
    const runId = await newRun();
    await markStepRunning(t.db, { runId, stepId: "a", attempts: 1, input: { q: 1 } });
    const endedAt = new Date(Date.now() + 1_000);
    await writeStepRow(t.db, { runId, stepId: "a", status: "succeeded", attempts: 1, output: null, endedAt });
    const row = await rowOf(runId);
    expect(row).toMatchObject({ status: "succeeded", input: { q: 1 }, output: null, endedAt });
    const stored = await t.db.$queryRaw<{ isJsonNull: boolean }[]>`
      SELECT output = 'null'::jsonb AS "isJsonNull" FROM "StepRun" WHERE id = ${row.id}`;
    expect(stored).toEqual([{ isJsonNull: true }]);
  });

  it("creates the row of a step that had none, with every field it is given", async () => {
    const runId = await newRun();
    const startedAt = new Date(Date.now() - 5_000);
    const endedAt = new Date();
    const error = { message: "2 of 3 items failed", type: "FanOutFailed" };
    await writeStepRow(t.db, {
      runId,
      stepId: "each",
      status: "failed",
      attempts: 1,
      input: { items: 3 },
      output: [1, null],
      error,
      startedAt,
      endedAt,
    });
    expect(await rowOf(runId, "each")).toMatchObject({
      status: "failed",
      input: { items: 3 },
      output: [1, null],
      error,
      startedAt,
      endedAt,
    });
  });
});
