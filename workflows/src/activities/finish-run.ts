import { newId, type Db } from "@switchyard/db";
import type { ActivityStepStatus, FinishRunInput, RunStatus, StepError, StepStatus } from "../interpreter/contract";
import { runsCompleted, runsFailed } from "../observability/metrics";
import { bookkeeping } from "./database";
import type { ActivityDeps } from "./deps";

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

/** A step row's settled state: its status, and an error when it has one to add. */
interface Settling {
  status: StepStatus;
  error?: StepError;
}

/**
 * What a row still `running` at the run's end becomes: the state the workflow holds for it
 * (its final write was lost to an outage, or a late write undid it). Without one (a workflow
 * started before activitySteps existed) it follows the run: every step of a succeeded run
 * succeeded, and of a cancelled one was cancelled; otherwise it failed.
 */
function strandedRow(held: ActivityStepStatus | undefined, runStatus: RunStatus): Settling {
  if (held && held.status !== "running" && held.status !== "pending")
    return { status: held.status, ...(held.error ? { error: held.error } : {}) };
  if (runStatus === "succeeded" || runStatus === "cancelled") return { status: runStatus };
  return { status: "failed", error: UNRECORDED };
}

/** Counted once, by the write that ended the run (a retried finishRun finds it ended). */
function countEnded(workflow: string, status: RunStatus) {
  runsCompleted.inc({ workflow, status });
  if (status === "failed" || status === "partially_succeeded") runsFailed.inc({ workflow });
}

const ENDED: RunStatus[] = ["succeeded", "failed", "partially_succeeded", "cancelled"];

/** The run's recorded status, and which of its step rows are still running. */
async function recordedState(db: Db, runId: string) {
  const [row] = await db.$queryRaw<{ status: RunStatus | "failed_to_start"; workflowId: string; running: string[] }[]>`
    SELECT r.status::text AS status, r."workflowId",
      COALESCE(array_agg(s."stepId") FILTER (WHERE s."stepId" IS NOT NULL), '{}') AS running
    FROM "Run" r LEFT JOIN "StepRun" s ON s."runId" = r.id AND s.status = 'running'
    WHERE r.id = ${runId} GROUP BY r.status, r."workflowId"`;
  if (!row) throw new Error(`run ${runId} does not exist`);
  return row;
}

/**
 * Records the steps the workflow settled itself, settles rows left running, then writes the
 * run's final state, in one transaction: no finished run shows a running step. A run that has
 * ended already is left as it is; returns whether its record is this workflow's (written now, or
 * by an earlier attempt of this activity), which an alert needs.
 *
 * Hand-written SQL, one statement for each kind of row: every run ends here, and Prisma's query
 * compiler spent 0.5-0.8 ms of the worker's CPU on each of the six to eight statements.
 */
async function writeRunRecord(
  db: Db,
  { runId, status, settledInWorkflow, activitySteps = {}, error }: FinishRunInput,
): Promise<boolean> {
  const { status: recorded, workflowId, running } = await recordedState(db, runId);
  // Ended by someone else (cancelled before its start reached Temporal, by a workflow that began
  // before runs were claimed), or failed_to_start: never overwritten.
  if (recorded === "failed_to_start" || ENDED.includes(recorded)) return recorded === status;
  const endedAt = new Date();
  // Most of these steps never had a row (pure steps, skips); a row an activity already wrote
  // (e.g. cancelled) is updated, keeping what the workflow does not say.
  const settled = Object.entries(settledInWorkflow).map(([stepId, s]) => ({
    id: newId(),
    stepId,
    status: s.status,
    blockedBy: s.blockedBy,
    reason: s.reason,
    input: s.input,
    output: s.output,
    error: s.error,
    startedAt: s.startedAt,
    endedAt: s.endedAt ?? endedAt.toISOString(),
  }));
  const stranded = running
    .filter((stepId) => !Object.hasOwn(settledInWorkflow, stepId))
    .map((stepId) => ({ stepId, ...strandedRow(activitySteps[stepId], status) }));
  const fallback = strandedRow(undefined, status);
  const written = await db.$transaction([
    // A step a re-run reused comes from where the original's came from (its cache, or a re-run
    // further back), else from the original run itself.
    db.$executeRaw`
      INSERT INTO "StepRun" (id, "runId", "stepId", status, "blockedBy", reason, input, output, error, "startedAt", "endedAt",
                             "originRunId")
      SELECT r->>'id', ${runId}, r->>'stepId', (r->>'status')::"StepStatus", r->>'blockedBy', r->>'reason',
        r->'input', r->'output', r->'error', (r->>'startedAt')::timestamp(3), (r->>'endedAt')::timestamp(3),
        CASE WHEN r->>'reason' = 'reused' THEN COALESCE(o."originRunId", run."rerunOfId") END
      FROM jsonb_array_elements(${JSON.stringify(settled)}::jsonb) AS rows(r)
        JOIN "Run" run ON run.id = ${runId}
        LEFT JOIN "StepRun" o ON o."runId" = run."rerunOfId" AND o."stepId" = r->>'stepId'
      ON CONFLICT ("runId", "stepId") DO UPDATE SET status = EXCLUDED.status, "endedAt" = EXCLUDED."endedAt",
        "blockedBy" = COALESCE(EXCLUDED."blockedBy", "StepRun"."blockedBy"),
        reason = COALESCE(EXCLUDED.reason, "StepRun".reason),
        "originRunId" = COALESCE(EXCLUDED."originRunId", "StepRun"."originRunId"),
        input = COALESCE(EXCLUDED.input, "StepRun".input),
        output = COALESCE(EXCLUDED.output, "StepRun".output),
        error = COALESCE(EXCLUDED.error, "StepRun".error),
        "startedAt" = COALESCE(EXCLUDED."startedAt", "StepRun"."startedAt")`,
    db.$executeRaw`
      UPDATE "StepRun" s SET status = (r->>'status')::"StepStatus", "endedAt" = ${endedAt}::timestamp(3),
        error = COALESCE(r->'error', s.error)
      FROM jsonb_array_elements(${JSON.stringify(stranded)}::jsonb) AS rows(r)
      WHERE s."runId" = ${runId} AND s."stepId" = r->>'stepId' AND s.status = 'running'`,
    // A write that lands between the read above and this transaction still ends with the run.
    db.$executeRaw`
      UPDATE "StepRun" SET status = ${fallback.status}::"StepStatus", "endedAt" = ${endedAt}::timestamp(3),
        error = COALESCE(${fallback.error ? JSON.stringify(fallback.error) : null}::jsonb, error)
      WHERE "runId" = ${runId} AND status = 'running'`,
    ...(status === "succeeded" ? [forgetRemovedItems(db, runId)] : []),
    // A run whose workflow began before runs were claimed at their start, with every root step
    // skipped or reused, never flipped to running. First: the status below ends the run.
    db.$executeRaw`
      UPDATE "Run" SET "startedAt" = ${endedAt}::timestamp(3)
      WHERE id = ${runId} AND "startedAt" IS NULL AND status IN ('queued', 'running')`,
    // Still guarded: a final status is never overwritten, even by a write that raced the check above.
    db.$executeRaw`
      UPDATE "Run" SET status = ${status}::"RunStatus", "endedAt" = ${endedAt}::timestamp(3),
        error = COALESCE(${error ? JSON.stringify(error) : null}::jsonb, error)
      WHERE id = ${runId} AND status IN ('queued', 'running')`,
  ]);
  // Ended by someone else between the check and the write: theirs, not ours.
  const ended = (written.at(-1) ?? 0) > 0;
  if (ended) countEnded(workflowId, status);
  return ended;
}

/**
 * Forgets the items the run's incremental steps found gone from their lists (the changes in their
 * rows), once the whole run has succeeded: until then a dependent that acts on the removals (say,
 * deleting those rows at the destination) may not have, so the next run reports them again. Test
 * and partial runs never change the memory, and an item another run processed since this run's
 * plan stays remembered.
 */
const forgetRemovedItems = (db: Db, runId: string) => db.$executeRaw`
  DELETE FROM "IncrementalItem" m
  USING "Run" r, "StepRun" s, jsonb_array_elements_text(s.incremental -> 'changes' -> 'removed') AS gone(key)
  WHERE r.id = ${runId} AND NOT r."testMode" AND r."upTo" IS NULL
    AND s."runId" = ${runId} AND s.incremental IS NOT NULL AND s.status = 'succeeded'
    AND m."workflowId" = r."workflowId" AND m."stepId" = s."stepId" AND m.key = gone.key
    AND m."processedAt" < s."startedAt"`;

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
