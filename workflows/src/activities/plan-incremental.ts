// An incremental fan-out's plan: which items its memory (IncrementalItem) already processed with
// the same fingerprint under the same definition, so they are reused instead of run. Lookups and
// the reused items' records are set-wise SQL: a 10,000-item step costs a handful of statements.
import { Context } from "@temporalio/activity";
import { ApplicationFailure } from "@temporalio/common";
import { newId, type Db } from "@switchyard/db";
import { jsonBytesUpTo, TemplateError } from "../definition/template";
import {
  INLINE_OUTPUT_BYTES,
  type BatchItem,
  type IncrementalPlan,
  type ItemMemory,
  type PlanIncrementalInput,
  type StepChanges,
} from "../interpreter/contract";
import {
  databasePatience,
  DatabaseUnavailableError,
  engineUnavailableFailure,
  retryWhileDatabaseAway,
} from "./database";
import type { ActivityDeps } from "./deps";
import { heartbeating } from "./heartbeat";
import { markItems } from "./item-marks";
import { stepIdentity, type StepIdentity } from "./step-identity";
import { loadStoredOutputs } from "./stored-outputs";

type Tx = Pick<Db, "$queryRaw" | "$executeRaw">;

/** Reused items recorded per statement. */
const REUSE_BATCH = 5_000;

interface Target {
  runId: string;
  stepId: string;
  identity: StepIdentity;
}

interface Sorted {
  /** Positions of the items to run, ascending. */
  run: number[];
  reused: { key: string; index: number }[];
  changes: StepChanges;
}

/** Sorts the list against the step's memory, read in one statement. */
async function sortAgainstMemory(tx: Tx, t: Target, items: BatchItem[], marks: ItemMemory[]): Promise<Sorted> {
  const remembered = await tx.$queryRaw<{ key: string; removed: boolean; unchanged: boolean | null }[]>`
    SELECT m.key, l.key IS NULL AS removed,
      m."definitionHash" = ${t.identity.definitionHash} AND m.fingerprint = l.fingerprint AS unchanged
    FROM "IncrementalItem" m
    LEFT JOIN unnest(${marks.map((m) => m.key)}::text[], ${marks.map((m) => m.fingerprint)}::text[])
      AS l(key, fingerprint) ON l.key = m.key
    WHERE m."workflowId" = ${t.identity.workflowId} AND m."stepId" = ${t.stepId}
    ORDER BY m.key`;
  const known = new Map(remembered.map((r) => [r.key, r.unchanged === true]));
  const sorted: Sorted = {
    run: [],
    reused: [],
    changes: { added: [], changed: [], removed: remembered.filter((r) => r.removed).map((r) => r.key), unchanged: 0 },
  };
  marks.forEach((mark, i) => {
    const { index } = items[i]!;
    const unchanged = known.get(mark.key);
    if (unchanged) {
      sorted.reused.push({ key: mark.key, index });
      return;
    }
    sorted.run.push(index);
    (unchanged === undefined ? sorted.changes.added : sorted.changes.changed).push(mark.key);
  });
  sorted.changes.unchanged = sorted.reused.length;
  return sorted;
}

/** The reused items' rows in this run: their remembered output and duration, and the run that made them. */
async function recordReused(tx: Tx, t: Target, reused: Sorted["reused"]): Promise<void> {
  for (let i = 0; i < reused.length; i += REUSE_BATCH) {
    const part = reused.slice(i, i + REUSE_BATCH);
    await tx.$executeRaw`
      INSERT INTO "StepItem" ("runId", "stepId", index, output, attempts, "durationMs", "originRunId")
      SELECT ${t.runId}, ${t.stepId}, u.index, m.output, 0, m."durationMs", m."runId"
      FROM unnest(${part.map((r) => r.key)}::text[], ${part.map((r) => r.index)}::int[]) AS u(key, index)
      JOIN "IncrementalItem" m ON m."workflowId" = ${t.identity.workflowId} AND m."stepId" = ${t.stepId}
        AND m.key = u.key
      ON CONFLICT DO NOTHING`;
  }
}

/** The reused outputs in list order, while their JSON (as Postgres writes it, a little longer) fits inline. */
async function reusedOutputs(tx: Tx, t: Target): Promise<unknown[] | undefined> {
  const [row] = await tx.$queryRaw<{ outputs: unknown[] | null }[]>`
    SELECT CASE WHEN sum(COALESCE(octet_length(output::text), 4) + 1) <= ${INLINE_OUTPUT_BYTES}
      THEN jsonb_agg(output ORDER BY index) END AS outputs
    FROM "StepItem" WHERE "runId" = ${t.runId} AND "stepId" = ${t.stepId} AND "originRunId" IS NOT NULL`;
  return row?.outputs ?? undefined;
}

/**
 * The step's row, running, with its changes: there for templates that read them when they are
 * too large to travel (changesStored), and for finishFanOut to add the counts to.
 */
async function recordChanges(tx: Tx, t: Target, changes: StepChanges): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "StepRun" (id, "runId", "stepId", status, attempts, "startedAt", incremental)
    VALUES (${newId()}, ${t.runId}, ${t.stepId}, 'running', 1, ${new Date()}::timestamp(3),
            ${JSON.stringify({ changes })}::jsonb)
    ON CONFLICT ("runId", "stepId") DO UPDATE SET incremental = EXCLUDED.incremental`;
}

/** Ascending positions as `[first, end)` ranges of consecutive ones. */
export function rangesOf(positions: number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const p of positions) {
    const last = ranges.at(-1);
    if (last && last[1] === p) last[1] = p + 1;
    else ranges.push([p, p + 1]);
  }
  return ranges;
}

async function planAgainstMemory(tx: Tx, t: Target, items: BatchItem[], marks: ItemMemory[]): Promise<IncrementalPlan> {
  const { run, reused, changes } = await sortAgainstMemory(tx, t, items, marks);
  // A retried plan decides afresh (another run may have changed the memory since): what an earlier
  // attempt recorded as reused goes first, or an item run now would also hold a reused row.
  await tx.$executeRaw`
    DELETE FROM "StepItem" WHERE "runId" = ${t.runId} AND "stepId" = ${t.stepId} AND "originRunId" IS NOT NULL`;
  await recordReused(tx, t, reused);
  await recordChanges(tx, t, changes);
  const outputs = reused.length ? await reusedOutputs(tx, t) : [];
  return {
    toRun: rangesOf(run),
    definitionHash: t.identity.definitionHash,
    ...(outputs ? { reusedOutputs: outputs } : {}),
    ...(jsonBytesUpTo(changes, INLINE_OUTPUT_BYTES) === Infinity ? {} : { changes }),
  };
}

export function createPlanIncrementalActivities(deps: ActivityDeps) {
  return {
    /**
     * Plans an incremental fan-out (a forEach with `incremental`): renders each item's key and
     * fingerprint, sorts the list against the step's memory, records the reused items as this
     * run's, and returns the items to run. Read and written in one snapshot (repeatable read), so
     * a concurrent run changing the memory cannot leave an item both reused and unrecorded.
     */
    async planIncremental({ runId, step, items, context }: PlanIncrementalInput): Promise<IncrementalPlan> {
      const ctx = Context.current();
      if (!step.incremental) throw ApplicationFailure.nonRetryable(`step ${step.id} is not incremental`);
      const incremental = step.incremental;
      const patienceMs = databasePatience(deps);
      try {
        return await heartbeating(ctx, async () => {
          const full = await retryWhileDatabaseAway(() => loadStoredOutputs(deps.db, runId, context), patienceMs);
          const marks = await markItems(items, step.with, incremental, full, {
            runId,
            signal: ctx.cancellationSignal,
          }).catch((err: unknown) => {
            throw err instanceof TemplateError ? ApplicationFailure.nonRetryable(err.message, err.name) : err;
          });
          return retryWhileDatabaseAway(async () => {
            const target = { runId, stepId: step.id, identity: await stepIdentity(deps, runId, step) };
            return deps.db.$transaction((tx) => planAgainstMemory(tx, target, items, marks), {
              isolationLevel: "RepeatableRead",
              maxWait: 10_000,
              timeout: 120_000,
            });
          }, patienceMs);
        });
      } catch (err) {
        // A long outage is the platform's: the workflow waits, then plans again once the database is back.
        if (err instanceof DatabaseUnavailableError) throw engineUnavailableFailure(ctx.info.attempt);
        throw err;
      }
    },
  };
}
