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
