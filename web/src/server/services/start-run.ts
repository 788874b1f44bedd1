import { dispatchRun, storeRun, type NewRun, type StartRunArgs } from "@switchyard/workflows";
import type { Services } from "../context";

/**
 * The one way a run starts from the web (webhook, API, re-run): the run row
 * (and its event) is stored, then handed to Temporal. If Temporal is down the
 * run stays queued and the worker's relay starts it, reuse included.
 */
export async function createAndDispatchRun(s: Services, run: NewRun): Promise<{ runId: string }> {
  const args = await storeRun(s.db, run);
  await dispatchOrLeaveToRelay(s, args);
  return { runId: args.runId };
}

/** Hands a stored run to Temporal; if Temporal is unreachable, the worker's relay starts it later. */
export async function dispatchOrLeaveToRelay(s: Services, args: StartRunArgs): Promise<void> {
  try {
    await dispatchRun(s.db, await s.engine(), args);
  } catch (err) {
    s.logger.warn("run stored but not started; the relay will start it", { runId: args.runId, error: err instanceof Error ? err.message : String(err) });
  }
}
