import { CancelledFailure, Context } from "@temporalio/activity";
import { ApplicationFailure } from "@temporalio/common";
import { NonRetryableError } from "@switchyard/connectors";
import type { TemplateContext } from "../definition/template";
import type { BatchResult, ExecuteBatchInput, FinishFanOutInput } from "../interpreter/contract";
import { runItemWithRetries, type ItemResult } from "./batch";
import {
  attemptEndsAt,
  bookkeeping,
  DatabaseUnavailableError,
  engineUnavailableFailure,
  retryWhileDatabaseAway,
} from "./database";
import type { ActivityDeps } from "./deps";
import { describe } from "./step-error";
import { json, resultNotStored } from "./step-result";
import { writeStepRow } from "./step-rows";
import { inStep, type StepSetup } from "./step-setup";
import { loadStoredOutputs } from "./stored-outputs";

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
    results.push(await runItemWithRetries(action, item, input.with, context, c));
  }
  return results;
}

function recordItemResults({ db }: ActivityDeps, input: ExecuteBatchInput, results: ItemResult[]) {
  return db.stepItem.createMany({
    data: results.map((r) => ({
      runId: input.runId,
      stepId: input.stepId,
      index: r.index,
      output: json(r.output),
      error: json(r.error),
      attempts: r.attempts,
      durationMs: Math.round(r.durationMs),
    })),
    // A retried batch (after a worker crash) keeps the first recorded result.
    skipDuplicates: true,
  });
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
          itemsStarted = true;
          const results = await runItems(deps, input, context, setup);
          // The items have acted: rather than run them again, this write may take the rest of the attempt.
          await retryWhileDatabaseAway(
            () => recordItemResults(deps, input, results),
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

    /** Writes a fan-out step's row; its output array is assembled from StepItem in Postgres. */
    async finishFanOut({ runId, stepId, count, error, input, startedAt }: FinishFanOutInput): Promise<void> {
      await bookkeeping(deps, async () => {
        const items = await db.stepItem.findMany({
          where: { runId, stepId },
          orderBy: { index: "asc" },
          select: { index: true, output: true },
        });
        // A fan-out whose batch failed for good recorded only the items that ran.
        if (!error && items.length !== count)
          throw new Error(`fan-out ${stepId} recorded ${items.length} of ${count} items`);
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
        });
      });
    },
  };
}
