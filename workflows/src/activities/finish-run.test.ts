// finishRun against a real database: a step row left `running` (its final write lost to an
// outage, or undone by a late write) never outlives the run that finished.
import { builtinRegistry, createHttpClient } from "@switchyard/connectors";
import { seedRun, seedWorkflow, useTestDatabase } from "@switchyard/devstack/testing";
import { MockActivityEnvironment } from "@temporalio/testing";
import { describe, expect, it } from "vitest";
import type { FinishRunInput } from "../interpreter/contract";
import { createFinishRunActivities } from "./finish-run";

const t = useTestDatabase();
const definition = {
  name: "finish",
  trigger: { type: "webhook" },
  steps: [{ id: "a", uses: "http.request", with: { url: "http://127.0.0.1:1/" } }],
};

let n = 0;
async function runWithRows(rows: Record<string, "running" | "succeeded">): Promise<string> {
  const runId = await seedRun(t.db, await seedWorkflow(t.db, definition, `finish-${++n}`));
  await t.db.stepRun.createMany({
    data: Object.entries(rows).map(([stepId, status]) => ({
      runId,
      stepId,
      status,
      attempts: 1,
      startedAt: new Date(),
      endedAt: status === "running" ? null : new Date(),
    })),
  });
  return runId;
}

async function finish(input: FinishRunInput) {
  const { finishRun } = createFinishRunActivities({
    db: t.db,
    registry: builtinRegistry,
    http: createHttpClient(),
    baseUrls: {},
    logger: { info() {}, warn() {}, error() {} },
  });
  await new MockActivityEnvironment({ startToCloseTimeoutMs: 60_000 }).run(finishRun, input);
  const rows = await t.db.stepRun.findMany({
    where: { runId: input.runId },
    select: { stepId: true, status: true, error: true, endedAt: true },
  });
  return Object.fromEntries(rows.map((r) => [r.stepId, r]));
}

describe("finishRun", () => {
  it("settles rows still running to the state the workflow holds for them", async () => {
    const runId = await runWithRows({ ok: "running", bad: "running", stopped: "running", done: "succeeded" });
    const rows = await finish({
      runId,
      status: "partially_succeeded",
      settledInWorkflow: { stopped: { status: "cancelled" } },
      activitySteps: {
        ok: { status: "succeeded" },
        bad: { status: "failed", error: { message: "HTTP 400 from x", type: "HttpError" } },
        done: { status: "succeeded" },
      },
    });
    expect(rows.ok).toMatchObject({ status: "succeeded", error: null });
    expect(rows.bad).toMatchObject({ status: "failed", error: { message: "HTTP 400 from x", type: "HttpError" } });
    expect(rows.stopped).toMatchObject({ status: "cancelled" });
    expect(rows.done).toMatchObject({ status: "succeeded" });
    for (const r of Object.values(rows)) expect(r.endedAt).not.toBeNull();
    expect(await t.db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } })).toEqual({
      status: "partially_succeeded",
    });
  });

  it("settles a running row the workflow did not describe by the run's outcome", async () => {
    const succeeded = await runWithRows({ a: "running" });
    expect((await finish({ runId: succeeded, status: "succeeded", settledInWorkflow: {} })).a).toMatchObject({
      status: "succeeded",
    });
    const cancelled = await runWithRows({ a: "running" });
    expect((await finish({ runId: cancelled, status: "cancelled", settledInWorkflow: {} })).a).toMatchObject({
      status: "cancelled",
    });
    const failed = await runWithRows({ a: "running" });
    expect((await finish({ runId: failed, status: "failed", settledInWorkflow: {} })).a).toMatchObject({
      status: "failed",
      error: { type: "Unrecorded" },
    });
  });

  it("records the steps the workflow settled: new rows, and rows an activity wrote keep what the workflow leaves out", async () => {
    const runId = await runWithRows({ shaped: "succeeded" });
    await t.db.stepRun.update({
      where: { runId_stepId: { runId, stepId: "shaped" } },
      data: { input: { from: "activity" }, output: { kept: true } },
    });
    const startedAt = new Date(Date.now() - 2_000).toISOString();
    await finish({
      runId,
      status: "partially_succeeded",
      settledInWorkflow: {
        pure: { status: "succeeded", output: null, input: { q: 1 }, startedAt, endedAt: startedAt },
        skipped: { status: "skipped", blockedBy: "tweet", reason: "upstream_failed" },
        shaped: { status: "cancelled" },
      },
      error: { message: "engine trouble", type: "EngineError" },
    });
    const rows = await t.db.stepRun.findMany({ where: { runId }, orderBy: { stepId: "asc" } });
    expect(rows.map((r) => r.stepId)).toEqual(["pure", "shaped", "skipped"]);
    const [pure, shaped, skipped] = rows;
    expect(pure).toMatchObject({ status: "succeeded", input: { q: 1 }, output: null, attempts: 0 });
    expect(pure!.startedAt).toEqual(new Date(startedAt));
    expect(pure!.endedAt).toEqual(new Date(startedAt));
    expect(shaped).toMatchObject({ status: "cancelled", input: { from: "activity" }, output: { kept: true } });
    expect(skipped).toMatchObject({ status: "skipped", blockedBy: "tweet", reason: "upstream_failed", output: null });
    expect(skipped!.endedAt).not.toBeNull();
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "partially_succeeded", error: { message: "engine trouble" } });
    expect(run.startedAt).not.toBeNull();
  });

  it("leaves a run that already ended as it is: no status, times, step rows or alert from the workflow", async () => {
    const runId = await runWithRows({});
    const endedAt = new Date(Date.now() - 60_000);
    await t.db.run.update({ where: { id: runId }, data: { status: "cancelled", endedAt } });
    const rows = await finish({
      runId,
      status: "failed",
      settledInWorkflow: { a: { status: "failed", error: { message: "boom", type: "Error" } } },
    });
    expect(rows).toEqual({});
    expect(
      await t.db.run.findUniqueOrThrow({
        where: { id: runId },
        select: { status: true, endedAt: true, startedAt: true },
      }),
    ).toEqual({ status: "cancelled", endedAt, startedAt: null });
    expect(await t.db.alert.count({ where: { runId } })).toBe(0);
  });

  it("a retry after its record was written still raises the failed run's alert, once", async () => {
    const runId = await runWithRows({ a: "running" });
    const input: FinishRunInput = {
      runId,
      status: "failed",
      settledInWorkflow: {},
      activitySteps: { a: { status: "failed", error: { message: "HTTP 500", type: "HttpError" } } },
    };
    await finish(input);
    await t.db.alert.deleteMany({ where: { runId } }); // as if the first attempt died before its alert
    await finish(input);
    await finish(input);
    expect(await t.db.alert.count({ where: { runId, kind: "run_failed" } })).toBe(1);
  });

  it("a reused step's origin is where the original's output came from, else the original run", async () => {
    const reused = { status: "succeeded", reason: "reused", output: { kept: true } } as const;
    const original = await runWithRows({ plain: "succeeded", remembered: "succeeded" });
    await t.db.stepRun.update({
      where: { runId_stepId: { runId: original, stepId: "remembered" } },
      data: { reason: "cached", originRunId: "run-that-computed-it" },
    });
    const rerun = async (of: string | null) => {
      const runId = await runWithRows({});
      await t.db.run.update({ where: { id: runId }, data: { rerunOfId: of } });
      const rows = await finish({
        runId,
        status: "succeeded",
        settledInWorkflow: { plain: reused, remembered: reused, fresh: { status: "succeeded", output: 1 } },
      });
      const origins = await t.db.stepRun.findMany({ where: { runId }, select: { stepId: true, originRunId: true } });
      expect(Object.values(rows).every((r) => r.status === "succeeded")).toBe(true);
      return { runId, origin: Object.fromEntries(origins.map((r) => [r.stepId, r.originRunId])) };
    };
    const first = await rerun(original);
    expect(first.origin).toEqual({ plain: original, remembered: "run-that-computed-it", fresh: null });
    // A re-run of the re-run still points at the run that computed each output.
    expect((await rerun(first.runId)).origin).toEqual({
      plain: original,
      remembered: "run-that-computed-it",
      fresh: null,
    });
    // Outputs handed in without an original (a run started with `reuse` directly) have no origin to name.
    expect((await rerun(null)).origin).toEqual({ plain: null, remembered: null, fresh: null });
  });
});
