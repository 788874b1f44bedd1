// The parallelism analysis is timed by recent succeeded runs' step durations: other runs,
// other workflows and unfinished steps must not count.
import type { Db } from "@switchyard/db";
import { seedRun, seedWorkflow, useTestDatabase, type SeededWorkflow } from "@switchyard/devstack/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../http/errors";
import { stepDurations, workflowParallelism } from "./parallelism";

const t = useTestDatabase();

const DEFINITION = {
  name: "Fan out",
  trigger: { type: "webhook" },
  steps: [
    { id: "a", uses: "core.transform", with: { value: 1 } },
    { id: "b", uses: "core.transform", with: { value: 2 } },
    { id: "c", uses: "core.transform", needs: ["a"], with: { value: 3 } },
  ],
};

const AT = Date.UTC(2026, 0, 1);

let runsMade = 0;

/** A run of `status`, a minute after the one before, whose steps took the given milliseconds (null: never ended). */
async function timedRun(db: Db, wf: SeededWorkflow, status: "succeeded" | "failed", ms: Record<string, number | null>) {
  const runId = await seedRun(db, wf);
  const createdAt = new Date(AT + 60_000 * ++runsMade);
  await db.run.update({ where: { id: runId }, data: { status, createdAt } });
  for (const [stepId, took] of Object.entries(ms))
    await db.stepRun.create({
      data: {
        runId,
        stepId,
        status: took === null ? "running" : "succeeded",
        startedAt: new Date(AT),
        endedAt: took === null ? null : new Date(AT + took),
      },
    });
}

let wf: SeededWorkflow;
let other: SeededWorkflow;
beforeAll(async () => {
  wf = await seedWorkflow(t.db, DEFINITION, "fan-out");
  other = await seedWorkflow(t.db, DEFINITION, "fan-out");
  await timedRun(t.db, wf, "succeeded", { a: 100, b: 300, c: 200 });
  await timedRun(t.db, wf, "succeeded", { a: 300, b: 500, c: null });
  await timedRun(t.db, wf, "succeeded", { a: 200, b: 400 });
  await timedRun(t.db, wf, "failed", { a: 90_000, b: 90_000, c: 90_000 });
  await timedRun(t.db, other, "succeeded", { a: 70_000 });
});

describe("stepDurations", () => {
  it("takes the median of each step over this workflow's succeeded runs, ignoring unfinished steps", async () => {
    expect(await stepDurations(t.db, wf.workspaceId, "fan-out")).toEqual({ a: 200, b: 400, c: 200 });
  });

  it("only reads the most recent runs", async () => {
    const latest = await stepDurations(t.db, wf.workspaceId, "fan-out", 1);
    expect(Object.keys(latest).sort()).toEqual(["a", "b"]);
  });

  it("answers 404 for a workflow of another workspace", async () => {
    const err = await stepDurations(t.db, wf.workspaceId, "nope").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(404);
  });
});

describe("workflowParallelism", () => {
  it("analyses the latest version with those durations", async () => {
    const report = await workflowParallelism(t.db, wf.workspaceId, "fan-out");
    expect(report).toMatchObject({
      version: 1,
      criticalPath: ["b"],
      summary: { steps: 3, maxParallel: 2, expectedMs: 400, sequentialMs: 800 },
      orderingOnly: [{ from: "a", to: "c" }],
      estimated: [],
    });
  });
});
