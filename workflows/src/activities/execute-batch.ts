import { CancelledFailure, Context } from "@temporalio/activity";
import { ApplicationFailure } from "@temporalio/common";
import { NonRetryableError } from "@switchyard/connectors";
import type { TemplateContext } from "../definition/template";
import type {
  BatchResult,
  ExecuteBatchInput,
  FinishFanOutInput,
  IncrementalCounts,
  ItemMemory,
} from "../interpreter/contract";
import { runItemWithRetries, type ItemResult } from "./batch";
import {
  attemptEndsAt,
  bookkeeping,
  DatabaseUnavailableError,
  engineUnavailableFailure,
  retryWhileDatabaseAway,
} from "./database";
import type { ActivityDeps } from "./deps";
import { incrementalAccount } from "./incremental-account";
import { markItems } from "./item-marks";
import { describe } from "./step-error";
import { resultNotStored } from "./step-result";
import { writeStepRow } from "./step-rows";
import { inStep, type StepSetup } from "./step-setup";
import { loadStoredOutputs } from "./stored-outputs";
import { stepDuration } from "../observability/metrics";

/** Item results go back inline only while their outputs stay under the batch's limit. */
function batchResult(results: ItemResult[], inlineOutputBytes: number): BatchResult {
  const outputs = results.map((r) => r.output ?? null);
  const inline = JSON.stringify(outputs).length <= inlineOutputBytes;
  return {
    items: results.map(({ index, error, durationMs }) => ({
      index,
      ok: !error,
      durationMs,
      ...(error ? { error } : {}),
    })),
    ...(inline ? { outputs } : {}),
  };
}

/** One after another: a fan-out's parallelism comes from its concurrent batches. */
async function runItems(
  { logger }: ActivityDeps,
  input: ExecuteBatchInput,
  context: TemplateContext,
  { action, http, connection, ctx }: StepSetup,
): Promise<ItemResult[]> {
  const results: ItemResult[] = [];
  for (const item of input.items) {
    if (ctx.cancellationSignal.aborted) throw new CancelledFailure("fan-out cancelled");
    const c = {
      runId: input.runId,
      stepId: input.stepId,
      retry: input.retry,
      logger,
      http,
      connection,
      signal: ctx.cancellationSignal,
      describe,
    };
    const result = await runItemWithRetries(action, item, input.with, context, c);
    stepDuration.observe({ operation: input.uses }, result.durationMs / 1_000);
    results.push(result);
  }
  return results;
}

/**
 * The batch's item results, and, for an incremental fan-out, the memory of the items that
 * succeeded, in one statement: an item is remembered only with the result this write recorded.
 * Failed items are never remembered, so they run again next time.
 */
function recordItemResults(
  { db }: ActivityDeps,
  input: ExecuteBatchInput,
  results: ItemResult[],
  marks: Map<number, ItemMemory>,
) {
  const rows = results.map((r) => ({
    index: r.index,
    output: r.output,
    error: r.error,
    attempts: r.attempts,
    durationMs: Math.round(r.durationMs),
    ...(r.error ? {} : marks.get(r.index)),
  }));
  return db.$executeRaw`
    WITH r AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS r(index int, output jsonb, error jsonb, attempts int, "durationMs" int, key text, fingerprint text)
    ), recorded AS (
      INSERT INTO "StepItem" ("runId", "stepId", index, output, error, attempts, "durationMs")
      SELECT ${input.runId}, ${input.stepId}, index, output, error, attempts, "durationMs" FROM r
      -- A retried batch (after a worker crash) keeps the first recorded result.
      ON CONFLICT DO NOTHING
      RETURNING index
    )
    INSERT INTO "IncrementalItem" ("workflowId", "stepId", key, "definitionHash", fingerprint, output, "runId",
                                   "durationMs", "processedAt")
    SELECT run."workflowId", ${input.stepId}, r.key, ${input.incremental?.definitionHash ?? null}, r.fingerprint, r.output,
      ${input.runId}, r."durationMs", ${new Date()}::timestamp(3)
    FROM r JOIN recorded USING (index) JOIN "Run" run ON run.id = ${input.runId}
    WHERE r.key IS NOT NULL
    ON CONFLICT ("workflowId", "stepId", key) DO UPDATE SET "definitionHash" = EXCLUDED."definitionHash",
      fingerprint = EXCLUDED.fingerprint, output = EXCLUDED.output, "runId" = EXCLUDED."runId",
      "durationMs" = EXCLUDED."durationMs", "processedAt" = EXCLUDED."processedAt"`;
}

/**
 * What an incremental fan-out's items are remembered as once they succeed: marked here as the plan
 * marked them (same templates, same context), so the plan sends back no per-item list. Marked
 * before the items act, so nothing after they have acted can fail the batch; should marking fail
 * (it succeeded in the plan), the items run and are recorded, only not remembered.
 */
async function batchMarks(
  { logger }: ActivityDeps,
  input: ExecuteBatchInput,
  context: TemplateContext,
  signal: AbortSignal,
): Promise<Map<number, ItemMemory>> {
  if (!input.incremental) return new Map();
  try {
    const marks = await markItems(input.items, input.with, input.incremental.setting, context, {
      runId: input.runId,
      signal,
    });
    return new Map(input.items.map((item, i) => [item.index, marks[i]!]));
  } catch (err) {
    if (signal.aborted) throw err;
    logger.warn("incremental items not marked: they run, and are not remembered", {
      runId: input.runId,
      stepId: input.stepId,
      error: err instanceof Error ? err.name : typeof err,
    });
    return new Map();
  }
}

async function writeFanOutRow(
  db: ActivityDeps["db"],
  { runId, stepId, count, error, input, startedAt, incremental }: FinishFanOutInput,
): Promise<IncrementalCounts | undefined> {
  const items = await db.stepItem.findMany({
    where: { runId, stepId },
    orderBy: { index: "asc" },
    select: { index: true, output: true },
  });
  // A fan-out whose batch failed for good recorded only the items that ran.
  if (!error && items.length !== count) throw new Error(`fan-out ${stepId} recorded ${items.length} of ${count} items`);
  const account = incremental ? await incrementalAccount(db, runId, stepId) : undefined;
  await writeStepRow(db, {
    runId,
    stepId,
    status: error ? "failed" : "succeeded",
    attempts: 1,
    input,
    output: items.map((i) => i.output),
    error,
    startedAt: new Date(startedAt),
    endedAt: new Date(),
    ...(account ? { incremental: account.counts, saved: { calls: account.counts.reused, ms: account.savedMs } } : {}),
  });
  return account?.counts;
}

export function createExecuteBatchActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    /**
     * Runs a batch of fan-out items (sequentially: parallelism comes from
     * concurrent batches), retrying retryable item failures per the step's policy.
     * Item results go to StepItem; outputs return inline only when small.
     */
    async executeBatch(input: ExecuteBatchInput): Promise<BatchResult> {
      const endsAt = attemptEndsAt();
      let itemsStarted = false;
      try {
        return await inStep(deps, { ...input, marksRunStarted: true }, undefined, async (setup) => {
          const context = await retryWhileDatabaseAway(
            () => loadStoredOutputs(db, input.runId, input.context),
            setup.patienceMs,
          );
          const marks = await batchMarks(deps, input, context, setup.ctx.cancellationSignal);
          itemsStarted = true;
          const results = await runItems(deps, input, context, setup);
          // The items have acted: rather than run them again, this write may take the rest of the attempt.
          await retryWhileDatabaseAway(
            () => recordItemResults(deps, input, results, marks),
            Math.max(setup.patienceMs, endsAt - Date.now()),
          ).catch((err: unknown) => {
            throw resultNotStored(err);
          });
          return batchResult(results, input.inlineOutputBytes);
        });
      } catch (err) {
        // Before any item ran, an outage is the platform's: the workflow calls the batch again once it is over.
        if (err instanceof DatabaseUnavailableError && !itemsStarted)
          throw engineUnavailableFailure(Context.current().info.attempt);
        // An operation or connection the step cannot use fails the step at once, like failed items do.
        throw err instanceof NonRetryableError ? ApplicationFailure.nonRetryable(err.message, err.name) : err;
      }
    },

    /**
     * Writes a fan-out step's row; its output array is assembled from StepItem in Postgres (an
     * incremental fan-out's reused items included). Returns an incremental fan-out's counts.
     */
    async finishFanOut(input: FinishFanOutInput): Promise<IncrementalCounts | undefined> {
      return bookkeeping(deps, () => writeFanOutRow(db, input));
    },
  };
}
