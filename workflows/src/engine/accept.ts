import { handOver, type DispatchDeps } from "../dispatch";
import { storeRun, type NewRun, type StoreRunOptions } from "../runs";

/**
 * Accepts a run (a webhook's, the API's, a re-run): stores it with its new
 * event, then hands it to Temporal, after the answer when `deps` has a
 * dispatcher. Stored, it is never lost: when Temporal cannot take it now, the
 * worker's relay starts it later. Throws EventTooLargeError, storing nothing,
 * for an event over `options`.
 */
export async function acceptRun(
  deps: DispatchDeps,
  run: NewRun,
  options: StoreRunOptions = {},
): Promise<{ runId: string }> {
  const start = await storeRun(deps.db, run, options);
  await handOver(deps, [start]);
  return { runId: start.runId };
}
