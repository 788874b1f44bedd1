/** Every API error has this shape: a stable machine code and a message for people. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Headers the answer carries (Allow, Retry-After, WWW-Authenticate). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** A 413 for a body; `unread` when some of it is still on the wire, so its connection cannot carry another request. */
export class BodyTooLargeError extends ApiError {
  constructor(
    maxBytes: number,
    readonly unread: boolean,
  ) {
    super(413, "payload_too_large", `Request body exceeds the limit of ${maxBytes} bytes.`);
  }
}

/** A 405 naming the methods the resource takes (its `Allow` header). */
export class MethodNotAllowedError extends ApiError {
  constructor(method: string, allow: readonly string[]) {
    super(405, "method_not_allowed", `This webhook takes ${allow.join(", ")}, not ${method}.`, undefined, {
      allow: allow.join(", "),
    });
  }
}

/** About what a restart or a failover takes; clients that honour it neither hammer nor wait long. */
const OUTAGE_RETRY = { "retry-after": "5" };

/**
 * A 503 while the database cannot be reached: the request did nothing (a run
 * and its event are stored in one transaction, or not at all), so the caller
 * may send it again after its Retry-After. Only a connection
 * lost while its COMMIT was under way leaves the outcome unknown.
 */
export class DatabaseUnavailableError extends ApiError {
  constructor(override readonly cause: unknown) {
    super(
      503,
      "database_unavailable",
      "The database cannot be reached right now, so this request was not processed. It is safe to send it again in a few seconds.",
      undefined,
      OUTAGE_RETRY,
    );
  }
}

/**
 * A 503 while the workflow engine (Temporal) cannot be reached or did not answer: a decision
 * sent then was not recorded, so the caller may send it again after its Retry-After.
 */
export class EngineUnavailableError extends ApiError {
  constructor(message: string) {
    super(503, "engine_unavailable", message, undefined, OUTAGE_RETRY);
  }
}
