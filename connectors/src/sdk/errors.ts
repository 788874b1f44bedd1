/** Thrown for failures a retry cannot fix (bad input, 4xx other than 408/429). */
export class NonRetryableError extends Error {
  override name = "NonRetryableError";
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
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

  /** The error body as JSON, or undefined when it is not JSON. */
  json<T = Record<string, unknown>>(): T | undefined {
    try {
      return JSON.parse(this.body) as T;
    } catch {
      return undefined;
    }
  }
}

/**
 * An HttpError worth retrying although its status alone is not: the provider
 * documents it as transient (GitHub's rate-limit 403, Notion's 409 conflict,
 * Facebook's throttling codes sent as 400). The engine honours retryAfterMs.
 */
export class RetryableHttpError extends HttpError {
  override name = "RetryableHttpError";
  constructor(from: HttpError, message: string, retryAfterMs = from.retryAfterMs) {
    super(from.status, from.body, from.requestId, "");
    this.message = message;
    this.retryAfterMs = retryAfterMs;
  }

  override get retryable(): boolean {
    return true;
  }
}

/** A URL as error messages show it: no query string (API keys live there). */
export const displayUrl = (url: string | URL): string => {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
};

/**
 * Replaces every secret value in an error's message (and an HttpError's body)
 * with "***", so tokens that travel in URL paths never reach step rows or logs.
 */
export function scrubSecrets(err: unknown, secrets: readonly string[]): unknown {
  const values = secrets.filter((v) => v.length >= 6);
  if (!(err instanceof Error) || !values.length) return err;
  const scrub = (text: string) => values.reduce((t, v) => t.split(v).join("***"), text);
  err.message = scrub(err.message);
  if (err instanceof HttpError) Object.defineProperty(err, "body", { value: scrub(err.body) });
  return err;
}
