import { handOver, type DispatchDeps } from "../dispatch";
import { storeRun, storeRunOnce, type NewEvent, type NewRun, type StoreRunOptions } from "../runs";

/**
 * Accepts a run (a webhook's, the API's, a re-run): stores it with its new
 * event, then hands it to Temporal, after the answer when `deps` has a
 * dispatcher. Stored, it is never lost: when Temporal cannot take it now, the
 * worker's relay starts it later. Throws EventTooLargeError, storing nothing,
 * for an event over `options`. An event with a dedupeKey (an Idempotency-Key)
 * seen before stores nothing and answers the first run, `duplicate`.
 */
export async function acceptRun(
  deps: DispatchDeps,
  run: NewRun,
  options: StoreRunOptions = {},
): Promise<{ runId: string; duplicate?: true }> {
  const event = run.event;
  if ("source" in event && event.dedupeKey !== undefined) {
    const once = await storeRunOnce(deps.db, { ...run, event: event as NewEvent & { dedupeKey: string } }, options);
    if (once.duplicate) return { runId: once.start.runId, duplicate: true };
    await handOver(deps, [once.start]);
    return { runId: once.start.runId };
  }
  const start = await storeRun(deps.db, run, options);
  await handOver(deps, [start]);
  return { runId: start.runId };
}
