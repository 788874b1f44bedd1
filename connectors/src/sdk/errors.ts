/** Thrown for failures a retry cannot fix (bad input, 4xx other than 408/429). */
export class NonRetryableError extends Error {
  override name = "NonRetryableError";
  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

/** A failed HTTP exchange; carries what a user needs to see why. */
export class HttpError extends Error {
  override name = "HttpError";
  /** From the response's Retry-After header, when it had one. */
  retryAfterMs?: number;
  constructor(
    readonly status: number,
    readonly body: string,
    readonly requestId: string | undefined,
    url: string,
  ) {
    super(`HTTP ${status} from ${url}${body ? `: ${body}` : ""}`);
  }

  get retryable(): boolean {
    return this.status === 408 || this.status === 429 || this.status >= 500;
  }
}
