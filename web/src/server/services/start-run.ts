import { acceptRun, EventTooLargeError, type NewRun, type StoreRunOptions } from "@switchyard/workflows/engine";
import type { Services } from "../context";
import { ApiError } from "../http/errors";
import { engineDeps } from "./engine-deps";

/** Room next to a body of the largest size for the request's method, headers (Node caps them at 16 KiB) and query. */
const EVENT_ENVELOPE_BYTES = 64 * 1024;

/** Every new event from a request is held to the body limit as stored JSON too, where bodies can grow. */
export const eventLimits = (s: Services): StoreRunOptions => ({
  maxEventBytes: s.webhookMaxBytes + EVENT_ENVELOPE_BYTES,
});

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

/** A run a request asks for (webhook, API, re-run), accepted by the engine (acceptRun), or a 413 for its event. */
export async function acceptRequestedRun(
  s: Services,
  run: NewRun,
  /** Over eventLimits(s): a longer dedupe, a larger event for a body that grows when stored. */
  options: StoreRunOptions = {},
): Promise<{ runId: string; duplicate?: true }> {
  try {
    return await acceptRun(engineDeps(s), run, { ...eventLimits(s), ...options });
  } catch (err) {
    if (err instanceof EventTooLargeError) throw eventTooLarge(err, "body, method, headers and query");
    throw err;
  }
}
