import { CancelledFailure, Context } from "@temporalio/activity";
import { ApplicationFailure } from "@temporalio/common";
import { describeIssues, NonRetryableError, runAction } from "@switchyard/connectors";
import {
  INLINE_OUTPUT_BYTES,
  type CacheSlot,
  type ExecutedStep,
  type ExecuteStepInput,
  type StepOutcome,
  type StepResultRecord,
} from "../interpreter/contract";
import {
  attemptEndsAt,
  bookkeeping,
  databasePatience,
  DatabaseUnavailableError,
  engineUnavailableFailure,
  retryWhileDatabaseAway,
} from "./database";
import { loggableError } from "../observability/loggable-error";
import { timeStep } from "../observability/metrics";
import type { ActivityDeps } from "./deps";
import { lookUpCache, storeCacheEntry } from "./step-cache";
import { describe } from "./step-error";
import { outcomeOf, resultNotStored, writeStepResult } from "./step-result";
import { markStepRunning } from "./step-rows";
import { inStep } from "./step-setup";

/** The largest output the workflow carries to recordStepResult when the activity cannot write it. */
const CARRIED_OUTPUT_BYTES = 16 * INLINE_OUTPUT_BYTES;

const rowOf = (input: ExecuteStepInput) => ({ runId_stepId: { runId: input.runId, stepId: input.stepId } });

export function createExecuteStepActivities(deps: ActivityDeps) {
  const { db, logger } = deps;
  return {
    /**
     * Runs one connector operation and records its step state (idempotent upserts). The
     * database's faults are the platform's: they never spend one of the step's attempts.
     */
    async executeStep(input: ExecuteStepInput): Promise<ExecutedStep> {
      const ctx = Context.current();
      const endsAt = attemptEndsAt();
      const attempt = (input.firstAttempt ?? 1) + ctx.info.attempt - 1;
      const running = () =>
        markStepRunning(db, { runId: input.runId, stepId: input.stepId, attempts: attempt, input: input.with });
      let output: unknown;
      let durationMs = 0;
      const { cache } = input;
      let slot: CacheSlot | undefined;
      try {
        if (cache) {
          const looked = await retryWhileDatabaseAway(
            () => lookUpCache(deps, { ...input, cache }, 1),
            databasePatience(deps),
          );
          if ("hit" in looked) return looked.hit;
          slot = looked.miss;
        }
        output = await inStep(deps, input, running, async ({ action, http, connection }) => {
          const props = action.props.safeParse(input.with);
          if (!props.success)
            throw new NonRetryableError(`invalid input for ${input.uses}: ${describeIssues(props.error)}`);
          const timed = await timeStep(input.uses, () =>
            runAction(action, {
              props: props.data,
              http,
              connection,
              idempotencyKey: input.idempotencyKey,
              logger,
              signal: ctx.cancellationSignal,
            }),
          );
          durationMs = timed.ms;
          return timed.result;
        });
      } catch (err) {
        throw await failed(deps, input, attempt, err);
      }
      const executed = await succeeded(
        deps,
        {
          runId: input.runId,
          stepId: input.stepId,
          status: "succeeded",
          attempts: attempt,
          output,
          endedAt: new Date().toISOString(),
        },
        endsAt,
      );
      // Only once the step's row is written, and never while the database is away.
      if (cache && slot && !executed.unrecorded)
        await storeCacheEntry(deps, {
          runId: input.runId,
          stepId: input.stepId,
          slot,
          ...(input.connection ? { connection: input.connection } : {}),
          ttlMs: cache.ttlMs,
          output,
          durationMs,
        });
      return executed;
    },

    /** Writes a result executeStep could not (see StepResultRecord); retried until the database is back. */
    async recordStepResult(record: StepResultRecord): Promise<StepOutcome> {
      await bookkeeping(deps, () => writeStepResult(db, record));
      return outcomeOf(record.output);
    },
  };
}

/**
 * Records the success. A result that cannot be written goes back to the workflow to be written
 * later, since calling the connector again might act twice; one too large to carry is worth
 * the rest of the attempt's time.
 */
async function succeeded(deps: ActivityDeps, record: StepResultRecord, endsAt: number): Promise<ExecutedStep> {
  // Bytes, as Temporal counts a payload: the workflow carries this record twice.
  const carried = Buffer.byteLength(JSON.stringify(record.output ?? null)) <= CARRIED_OUTPUT_BYTES;
  try {
    await retryWhileDatabaseAway(
      () => writeStepResult(deps.db, record),
      carried ? databasePatience(deps) : Math.max(0, endsAt - Date.now()),
    );
  } catch (err) {
    const where = { runId: record.runId, stepId: record.stepId };
    if (err instanceof DatabaseUnavailableError && carried) {
      deps.logger.warn("step result not written: the database is unreachable; the workflow writes it later", where);
      return { unrecorded: record };
    }
    deps.logger.error("step ran but its result could not be stored", { ...where, error: String(err) });
    throw resultNotStored(err);
  }
  return outcomeOf(record.output);
}

/** The failure executeStep ends with, once recorded. */
async function failed(deps: ActivityDeps, input: ExecuteStepInput, attempt: number, err: unknown): Promise<Error> {
  const ctx = Context.current();
  if (ctx.cancellationSignal.aborted) {
    // finishRun records the cancellation as well, so losing this write loses nothing.
    await deps.db.stepRun
      .update({ where: rowOf(input), data: { status: "cancelled", endedAt: new Date() } })
      .catch(() => undefined);
    return new CancelledFailure("step cancelled");
  }
  if (err instanceof DatabaseUnavailableError) {
    deps.logger.warn("the database is unreachable; the step runs when it is back", {
      runId: input.runId,
      stepId: input.stepId,
      attempt,
    });
    return engineUnavailableFailure(attempt);
  }
  const { retryable, retryAfterMs, ...error } = describe(err);
  const final = !retryable || attempt >= input.maxAttempts;
  deps.logger.warn("step attempt failed", {
    runId: input.runId,
    stepId: input.stepId,
    attempt,
    final,
    ...loggableError(err),
  });
  const record: StepResultRecord = {
    runId: input.runId,
    stepId: input.stepId,
    status: "failed",
    attempts: attempt,
    error,
    endedAt: new Date().toISOString(),
  };
  try {
    await retryWhileDatabaseAway<unknown>(
      () =>
        final ? writeStepResult(deps.db, record) : deps.db.stepRun.update({ where: rowOf(input), data: { error } }),
      databasePatience(deps),
    );
  } catch (writeErr) {
    if (!(writeErr instanceof DatabaseUnavailableError)) throw writeErr;
    // A later attempt writes its own state; only a final failure has to be written by the workflow.
    if (final)
      return ApplicationFailure.create({
        message: error.message,
        type: error.type,
        nonRetryable: true,
        details: [{ unrecorded: record }],
      });
  }
  if (!retryable) return ApplicationFailure.nonRetryable(error.message, error.type);
  // The API said when to come back (Retry-After): wait that long instead of the backoff.
  return ApplicationFailure.create({
    message: error.message,
    type: error.type,
    ...(retryAfterMs !== undefined ? { nextRetryDelay: retryAfterMs } : {}),
  });
}
