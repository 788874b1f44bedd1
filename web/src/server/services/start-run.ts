import { classifyStartError, dispatchRun, EventTooLargeError, recordStartFailure, startErrorMessage, storeRun, type NewRun, type StartRunArgs, type StoreRunOptions } from "@switchyard/workflows/engine";
import type { Services } from "../context";
import { ApiError } from "../http/errors";

/** Room next to a body of the largest size for the request's method, headers (Node caps them at 16 KiB) and query. */
const EVENT_ENVELOPE_BYTES = 64 * 1024;

/** Every new event from a request is held to the body limit as stored JSON too, where bodies can grow. */
export const eventLimits = (s: Services): StoreRunOptions => ({ maxEventBytes: s.webhookMaxBytes + EVENT_ENVELOPE_BYTES });

/** The 413 for an event refused as stored JSON; `madeOf` says what of the request the event holds. */
export function eventTooLarge(err: EventTooLargeError, madeOf: string): ApiError {
  return new ApiError(
    413,
    "payload_too_large",
    `The event would take ${err.bytes} bytes as stored JSON (${madeOf}), over the limit of ${err.limit} bytes. ` +
      "Bodies grow when stored as JSON: a control character takes 6 bytes (\\u0001), a quote or backslash 2, a number such as 1e15 all its digits.",
    { bytes: err.bytes, limit: err.limit },
  );
}

/**
 * The one way a run starts from the web (webhook, API, re-run): the run row
 * (and its event) is stored, then handed to Temporal. If Temporal is down the
 * run stays queued and the worker's relay starts it, reuse included.
 */
export async function createAndDispatchRun(s: Services, run: NewRun): Promise<{ runId: string }> {
  let args: StartRunArgs;
  try {
    args = await storeRun(s.db, run, eventLimits(s));
  } catch (err) {
    if (err instanceof EventTooLargeError) throw eventTooLarge(err, "body, method, headers and query");
    throw err;
  }
  await dispatchOrLeaveToRelay(s, args);
  return { runId: args.runId };
}

/**
 * Hands a just-stored run to Temporal. If Temporal is unreachable, or the start
 * fails in a way worth retrying, the worker's relay starts it later; a refused
 * start ends the run `failed_to_start` with an alert (recordStartFailure).
 */
export async function dispatchOrLeaveToRelay(s: Services, args: StartRunArgs): Promise<void> {
  const leftToRelay = (err: unknown) => s.logger.warn("run stored but not started; the relay will start it", { runId: args.runId, error: startErrorMessage(err) });
  let engine;
  try {
    engine = await s.engine();
  } catch (err) {
    leftToRelay(err);
    return;
  }
  try {
    await dispatchRun(s.db, engine, args);
  } catch (err) {
    // The event is stored either way, so the caller still gets its run id.
    const outcome = await recordStartFailure(s.db, { id: args.runId, dispatchAttempts: 0 }, err).catch(() => "unrecorded");
    const error = startErrorMessage(err);
    if (outcome === "failed_to_start") s.logger.error("run refused by Temporal; it ended failed_to_start", { runId: args.runId, error });
    // Likely every start from here fails alike (credentials, namespace, task queue): nothing else will say so.
    else if (["rejected", "unattributed"].includes(classifyStartError(err))) s.logger.error("Temporal refused a start for no reason of the run's; the relay will start it once Temporal takes it", { runId: args.runId, error });
    else leftToRelay(err);
  }
}
