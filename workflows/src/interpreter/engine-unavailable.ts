// The database's outages are the platform's fault: an activity that could not reach it before
// doing any user work ends with EngineUnavailable, and the workflow waits on a durable timer and
// calls it again, spending none of the step's own attempts.
import { ActivityFailure, ApplicationFailure, sleep } from "@temporalio/workflow";
import { ENGINE_UNAVAILABLE, type EngineUnavailableDetails } from "./contract";

/**
 * Between calls while the database is away: doubling from 1 s, at most 5 min, so that a long
 * outage adds a few history events per step and hour, far from Temporal's history limits.
 */
const outageDelay = (outages: number) => Math.min(1_000 * 2 ** outages, 300_000);

/** The activity's own failure, if it is one (the ApplicationFailure under the ActivityFailure). */
export const activityFailureOf = (err: unknown): ApplicationFailure | undefined =>
  err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause : undefined;

/**
 * Calls `call` until it ends otherwise than with EngineUnavailable. `call` gets the attempt the
 * next call starts at: the one the database's outage interrupted.
 */
export async function whileEngineUnavailable<T>(call: (firstAttempt: number) => Promise<T>): Promise<T> {
  let firstAttempt = 1;
  for (let outages = 0; ; outages++) {
    try {
      return await call(firstAttempt);
    } catch (err) {
      const failure = activityFailureOf(err);
      if (failure?.type !== ENGINE_UNAVAILABLE) throw err;
      firstAttempt = (failure.details![0] as EngineUnavailableDetails).attempt;
      await sleep(outageDelay(outages));
    }
  }
}
