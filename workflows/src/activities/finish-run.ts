import type { Db } from "@switchyard/db";
import type { ActivityStepStatus, FinishRunInput, RunStatus, StepError } from "../interpreter/contract";
import { bookkeeping } from "./database";
import type { ActivityDeps } from "./deps";
import { json } from "./step-result";

const date = (iso: string | undefined) => (iso ? new Date(iso) : undefined);

/** Failures are loud: one alert per failed run, naming every failed step and its error. */
async function raiseRunAlert(
  db: Db,
  runId: string,
  status: string,
  engineError: StepError | undefined,
): Promise<string> {
  // finishRun may be retried; the alert must not be duplicated.
  const existing = await db.alert.findFirst({ where: { runId, kind: "run_failed" }, select: { id: true } });
  if (existing) return existing.id;
  const run = await db.run.findUniqueOrThrow({
    where: { id: runId },
    select: {
      workspaceId: true,
      workflow: { select: { slug: true, name: true } },
      steps: { where: { status: "failed" }, select: { stepId: true, error: true } },
    },
  });
  const failed = run.steps.map((s) => ({
    stepId: s.stepId,
    error: (s.error as StepError | null)?.message ?? "unknown error",
  }));
  if (engineError) failed.push({ stepId: "(engine)", error: engineError.message });
  const lines = failed.map((f) => `${f.stepId}: ${f.error}`);
  const alert = await db.alert.create({
    select: { id: true },
    data: {
      workspaceId: run.workspaceId,
      runId,
      kind: "run_failed",
      title: `${run.workflow.name}: run ${status === "failed" ? "failed" : "partially succeeded"} (${failed.length} failed step${failed.length === 1 ? "" : "s"})`,
      message: lines.join("\n"),
      details: { status, workflow: run.workflow.slug, failedSteps: failed },
    },
  });
  return alert.id;
}

const UNRECORDED: StepError = { message: "the step's outcome was not recorded", type: "Unrecorded" };

/**
 * What a row still `running` at the run's end becomes: the state the workflow holds for it
 * (its final write was lost to an outage, or a late write undid it). Without one (a workflow
 * started before activitySteps existed) it follows the run: every step of a succeeded run
 * succeeded, and of a cancelled one was cancelled; otherwise it failed.
 */
function strandedRow(held: ActivityStepStatus | undefined, runStatus: RunStatus, endedAt: Date) {
  if (held && held.status !== "running" && held.status !== "pending")
    return { status: held.status, endedAt, ...(held.error ? { error: json(held.error) } : {}) };
  if (runStatus === "succeeded" || runStatus === "cancelled") return { status: runStatus, endedAt };
  return { status: "failed" as const, endedAt, error: json(UNRECORDED) };
}

const ENDED: RunStatus[] = ["succeeded", "failed", "partially_succeeded", "cancelled"];

/**
 * Records the steps the workflow settled itself, settles rows left running, then writes the
 * run's final state, in one transaction: no finished run shows a running step. A run that has
 * ended already is left as it is; returns whether its record is this workflow's (written now, or
 * by an earlier attempt of this activity), which an alert needs.
 */
async function writeRunRecord(
  db: Db,
  { runId, status, settledInWorkflow, activitySteps = {}, error }: FinishRunInput,
): Promise<boolean> {
  const { status: recorded } = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
  // Ended by someone else (cancelled before its start reached Temporal, by a workflow that began
  // before runs were claimed), or failed_to_start: never overwritten.
  if (recorded === "failed_to_start" || ENDED.includes(recorded)) return recorded === status;
  const endedAt = new Date();
  const rows = Object.entries(settledInWorkflow).map(([stepId, s]) => ({
    runId,
    stepId,
    status: s.status,
    blockedBy: s.blockedBy,
    reason: s.reason,
    input: json(s.input),
    output: json(s.output),
    error: json(s.error),
    startedAt: date(s.startedAt),
    endedAt: date(s.endedAt) ?? endedAt,
  }));
  // Most of these steps never had a row (pure steps, skips): one insert for
  // all of them; only rows an activity already wrote (e.g. cancelled) are updated.
  const found = await db.stepRun.findMany({
    where: { runId, OR: [{ stepId: { in: rows.map((r) => r.stepId) } }, { status: "running" }] },
    select: { stepId: true, status: true },
  });
  const existing = new Set(found.map((r) => r.stepId));
  const stranded = found
    .filter((r) => r.status === "running" && !Object.hasOwn(settledInWorkflow, r.stepId))
    .map((r) => r.stepId);
  const written = await db.$transaction([
    db.stepRun.createMany({ data: rows.filter((r) => !existing.has(r.stepId)), skipDuplicates: true }),
    ...rows
      .filter((r) => existing.has(r.stepId))
      .map(({ runId: _r, stepId, ...data }) => db.stepRun.update({ where: { runId_stepId: { runId, stepId } }, data })),
    ...stranded.map((stepId) =>
      db.stepRun.updateMany({
        where: { runId, stepId, status: "running" },
        data: strandedRow(activitySteps[stepId], status, endedAt),
      }),
    ),
    // A write that lands between the read above and this transaction still ends with the run.
    db.stepRun.updateMany({ where: { runId, status: "running" }, data: strandedRow(undefined, status, endedAt) }),
    // A run whose workflow began before runs were claimed at their start, with every root step
    // skipped or reused, never flipped to running. First: the status below ends the run.
    db.run.updateMany({
      where: { id: runId, startedAt: null, status: { in: ["queued", "running"] } },
      data: { startedAt: endedAt },
    }),
    // Still guarded: a final status is never overwritten, even by a write that raced the check above.
    db.run.updateMany({
      where: { id: runId, status: { in: ["queued", "running"] } },
      data: { status, endedAt, ...(error ? { error: json(error) } : {}) },
    }),
  ]);
  // Ended by someone else between the check and the write: theirs, not ours.
  const ended = written.at(-1) as { count: number };
  return ended.count > 0;
}

export function createFinishRunActivities(deps: ActivityDeps) {
  return {
    /** Writes the run's final record; returns the alert raised for a failed run, for notifyAlert. */
    async finishRun(input: FinishRunInput): Promise<{ alertId?: string }> {
      return bookkeeping(deps, async () => {
        const ours = await writeRunRecord(deps.db, input);
        if (!ours || (input.status !== "failed" && input.status !== "partially_succeeded")) return {};
        return { alertId: await raiseRunAlert(deps.db, input.runId, input.status, input.error) };
      });
    },
  };
}
