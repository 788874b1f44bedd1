import { Context } from "@temporalio/activity";
import { ApplicationFailure } from "@temporalio/common";
import { isDatabaseUnavailable } from "@switchyard/db";
import { ENGINE_UNAVAILABLE, type EngineUnavailableDetails } from "../interpreter/contract";
import { heartbeating } from "./heartbeat";

/**
 * How an activity ends when the database stayed away before it did any user work: the workflow
 * waits and calls it again (whileEngineUnavailable), spending none of the step's attempts.
 */
export function engineUnavailableFailure(attempt: number): ApplicationFailure {
  const details: EngineUnavailableDetails = { attempt };
  return ApplicationFailure.create({
    message: "the database is unreachable; the step runs when it is back",
    type: ENGINE_UNAVAILABLE,
    nonRetryable: true,
    details: [details],
  });
}

/** Thrown by retryWhileDatabaseAway once its patience is spent. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
  constructor(readonly last: unknown) {
    super(`the database stayed unreachable: ${last instanceof Error ? last.message : String(last)}`);
  }
}

/** An outage as the database's client reports it, or as this module's patience ran out on one. */
const databaseAway = (err: unknown) => err instanceof DatabaseUnavailableError || isDatabaseUnavailable(err);

const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 2_000;
const DEFAULT_PATIENCE_MS = 10_000;

/** How long to wait in place: never more than a third of the attempt's time, so the attempt itself does not time out. */
export function databasePatience(deps: { databasePatienceMs?: number }): number {
  return Math.min(deps.databasePatienceMs ?? DEFAULT_PATIENCE_MS, Context.current().info.startToCloseTimeoutMs / 3);
}

/** Time kept back at the end of an attempt to report its result before the attempt times out. */
const ATTEMPT_MARGIN_MS = 5_000;

/** When the current attempt must have reported back; read at the attempt's start. */
export function attemptEndsAt(): number {
  return Date.now() + Context.current().info.startToCloseTimeoutMs - ATTEMPT_MARGIN_MS;
}

/**
 * Runs database work, trying again while the database is unreachable, for up to `patienceMs`;
 * then throws DatabaseUnavailableError. Only errors that say the database is away count: a
 * slow query, or slow work around one (a token refresh), is not an outage. A silent network
 * surfaces as such an error through the pool's connect timeout and TCP keepalive
 * (prisma/src/pg-adapter.ts). A cancelled activity stops waiting at once.
 */
export async function retryWhileDatabaseAway<T>(work: () => Promise<T>, patienceMs: number): Promise<T> {
  const ctx = Context.current();
  const deadline = Date.now() + patienceMs;
  // A wait past the heartbeat timeout would have Temporal start the attempt over, repeating a finished call.
  return heartbeating(ctx, async () => {
    for (let delay = FIRST_DELAY_MS; ; delay = Math.min(delay * 2, MAX_DELAY_MS)) {
      try {
        return await work();
      } catch (err) {
        if (!databaseAway(err)) throw err;
        if (err instanceof DatabaseUnavailableError) throw err;
        if (Date.now() + delay >= deadline) throw new DatabaseUnavailableError(err);
        await ctx.sleep(delay);
      }
    }
  });
}

/** Attempts a bookkeeping activity gets for failures other than an unreachable database. */
const OTHER_FAILURE_ATTEMPTS = 10;

/**
 * The body of a bookkeeping activity (one that only keeps the engine's records): it waits out a
 * short outage in place, and its retry policy (BOOKKEEPING_RETRY, unlimited) a long one. Any
 * other failure ends it after the attempts such activities always had, so a bug cannot retry forever.
 */
export async function bookkeeping<T>(deps: { databasePatienceMs?: number }, work: () => Promise<T>): Promise<T> {
  try {
    return await retryWhileDatabaseAway(work, databasePatience(deps));
  } catch (err) {
    if (
      databaseAway(err) ||
      err instanceof ApplicationFailure ||
      Context.current().info.attempt < OTHER_FAILURE_ATTEMPTS
    )
      throw err;
    throw ApplicationFailure.nonRetryable(
      err instanceof Error ? err.message : String(err),
      err instanceof Error ? err.name : "Error",
    );
  }
}
