// Where each step's output came from, what remembering saved, and an incremental fan-out's
// account, as the run API (getRun) and the run screen (getRunDetail, getStepDetail) show them,
// from step rows seeded as the engine writes them.
import { seedRun, seedWorkflow, useTestDatabase, type SeededWorkflow } from "@switchyard/devstack/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { getRunDetail, getStepDetail } from "./run-detail";
import { getRun } from "./runs";
import { REMEMBERING_WORKFLOW } from "./step-memory-fixtures";
import { LISTED_KEYS } from "./step-memory-view";

const t = useTestDatabase();
const DEFINITION = {
  ...REMEMBERING_WORKFLOW,
  steps: [
    ...REMEMBERING_WORKFLOW.steps,
    ...["shape", "legacy", "plain"].map((id) => ({ id, uses: "core.transform", with: { value: id } })),
  ],
};
const CHANGES = { added: ["4"], changed: ["2"], removed: ["9", "10"], unchanged: 1 };

let wf: SeededWorkflow;
let original: string;
let runId: string;
beforeAll(async () => {
  wf = await seedWorkflow(t.db, DEFINITION, "sync");
  [original, runId] = [await seedRun(t.db, wf), await seedRun(t.db, wf)];
  await t.db.run.update({ where: { id: runId }, data: { status: "succeeded", rerunOfId: original, source: "rerun" } });
  await t.db.stepRun.createMany({
    data: [
      {
        runId,
        stepId: "fetch",
        status: "succeeded",
        reason: "cached",
        originRunId: "run-that-computed-it",
        savedCalls: 1,
        savedMs: 840,
      },
      { runId, stepId: "shape", status: "succeeded", reason: "reused", originRunId: "run-further-back" },
      // Recorded before re-runs named their origin: it came from the run this one re-runs.
      { runId, stepId: "legacy", status: "succeeded", reason: "reused" },
      {
        runId,
        stepId: "push",
        status: "succeeded",
        attempts: 1,
        savedCalls: 1,
        savedMs: 25,
        incremental: { processed: 2, reused: 1, failed: 0, changes: CHANGES },
      },
      { runId, stepId: "plain", status: "succeeded", attempts: 1 },
    ],
  });
});

describe("getRun (GET /api/v1/runs/<id>)", () => {
  it("names each step's origin run, what it saved, and an incremental step's counts and changes", async () => {
    const { steps } = await getRun(t.db, wf.workspaceId, runId);
    expect(steps.fetch).toMatchObject({
      reason: "cached",
      cachedFrom: "run-that-computed-it",
      saved: { calls: 1, ms: 840 },
    });
    expect(steps.shape).toMatchObject({ reason: "reused", reusedFrom: "run-further-back" });
    expect(steps.legacy).toMatchObject({ reason: "reused", reusedFrom: original });
    expect(steps.push).toMatchObject({
      reason: null,
      saved: { calls: 1, ms: 25 },
      incremental: { processed: 2, reused: 1, failed: 0, changes: CHANGES },
    });
    // Nothing to say is not said: no origin, no saving of 0, no incremental account.
    for (const id of ["shape", "legacy", "plain"]) expect(steps[id]).not.toHaveProperty("saved");
    expect(Object.keys(steps.plain!).filter((k) => /From$|saved|incremental/.test(k))).toEqual([]);
    expect(steps.fetch).not.toHaveProperty("reusedFrom");
    expect(steps.shape).not.toHaveProperty("cachedFrom");
  });

  it("says nothing of memory for a step that has no row yet", async () => {
    const { steps } = await getRun(t.db, wf.workspaceId, original);
    expect(steps.fetch).toEqual({
      status: "pending",
      attempts: 0,
      startedAt: null,
      endedAt: null,
      output: null,
      error: null,
      blockedBy: null,
      reason: null,
    });
  });
});

describe("the run screen's reads", () => {
  it("polls origins, savings and an incremental step's counts; the changes' keys come with the step", async () => {
    const detail = await getRunDetail(t.db, wf.workspaceId, runId);
    const step = (id: string) => detail.steps.find((s) => s.id === id);
    expect(step("fetch")).toMatchObject({ cachedFrom: "run-that-computed-it", saved: { calls: 1, ms: 840 } });
    expect(step("legacy")).toMatchObject({ reusedFrom: original });
    expect(step("push")!.incremental).toEqual({
      processed: 2,
      reused: 1,
      failed: 0,
      added: 1,
      changed: 1,
      removed: 2,
      unchanged: 1,
    });
    expect(await getStepDetail(t.db, wf.workspaceId, runId, "push")).toMatchObject({ changes: CHANGES });
    expect(await getStepDetail(t.db, wf.workspaceId, runId, "fetch")).toMatchObject({ changes: null });
  });

  it("shows a fan-out's changes once planned, and its counts only once it has them", async () => {
    const planned = await seedRun(t.db, wf);
    await t.db.stepRun.create({
      data: { runId: planned, stepId: "push", status: "running", incremental: { changes: CHANGES } },
    });
    const detail = await getRunDetail(t.db, wf.workspaceId, planned);
    expect(detail.steps.find((s) => s.id === "push")).not.toHaveProperty("incremental");
    expect((await getRun(t.db, wf.workspaceId, planned)).steps.push).not.toHaveProperty("incremental");
    expect(await getStepDetail(t.db, wf.workspaceId, planned, "push")).toMatchObject({ changes: CHANGES });
  });

  it("sends the run screen each list's first keys and its length, and the API every key", async () => {
    const runId = await seedRun(t.db, wf);
    const added = Array.from({ length: LISTED_KEYS + 20 }, (_, i) => `k${i}`);
    await t.db.stepRun.create({
      data: {
        runId,
        stepId: "push",
        status: "succeeded",
        incremental: { processed: added.length, reused: 0, failed: 0, changes: { ...CHANGES, added } },
      },
    });
    const { changes } = await getStepDetail(t.db, wf.workspaceId, runId, "push");
    expect(changes!.added).toEqual(added.slice(0, LISTED_KEYS));
    expect(changes!.totals).toEqual({ added: LISTED_KEYS + 20, changed: 1, removed: 2 });
    expect((await getRun(t.db, wf.workspaceId, runId)).steps.push!.incremental!.changes.added).toEqual(added);
  });
});
