import { type HttpError, NonRetryableError, RetryableHttpError } from "../sdk/errors";

/** The `error` object of every failed Graph API answer. */
interface GraphFailure {
  message?: unknown;
  code?: unknown;
  error_subcode?: unknown;
  /** A message Facebook meant for end users; often more specific than `message`. */
  error_user_msg?: unknown;
  is_transient?: unknown;
  /** Facebook support asks for this to trace a failed call. */
  fbtrace_id?: unknown;
}

/** Invalid, expired or revoked token (190), or a dead API session (102). */
const RECONNECT = new Set([102, 190]);
/** App (4), user (17), Page (32), custom (613), app-limit (341) and Pages business-use-case (80001) throttling. */
const THROTTLED = new Set([4, 17, 32, 341, 613, 80001]);
/** "Unknown error" and "service temporarily unavailable": Facebook says to retry. */
const TRANSIENT = new Set([1, 2]);
/** Facebook's rolling windows are an hour long: a retry a second later would only be throttled again. */
const THROTTLE_BACKOFF_MS = 60_000;

/**
 * Graph reports throttling and passing faults as HTTP 400 or 500 with a code,
 * so whether the engine may retry depends on the code, not the status.
 */
const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

function failureOf(err: HttpError): GraphFailure | undefined {
  const error = err.json<{ error?: unknown }>()?.error;
  return error && typeof error === "object" && !Array.isArray(error) ? (error as GraphFailure) : undefined;
}

/** Facebook's own words, with the code and the trace id support needs. */
function explain(f: GraphFailure, err: HttpError): string {
  const message = text(f.message);
  const forUser = text(f.error_user_msg);
  const said =
    [message, forUser && forUser !== message ? forUser : undefined].filter(Boolean).join(" — ") ||
    err.body ||
    `HTTP ${err.status}`;
  const code = num(f.code);
  const subcode = num(f.error_subcode);
  const codes = code === undefined ? "" : `code ${code}${subcode === undefined ? "" : `/${subcode}`}, `;
  const trace = text(f.fbtrace_id);
  return `${said} (${codes}${trace ? `fbtrace_id ${trace}` : `HTTP ${err.status}`})`;
}

const isPermission = (code: number | undefined) =>
  code === 3 || code === 10 || (code !== undefined && code >= 200 && code <= 299);
/** 100/33: "Object with ID '…' does not exist, cannot be loaded due to missing permissions…"; 803: unknown alias. */
const isNotFound = (code: number | undefined, subcode: number | undefined, status: number) =>
  (code === 100 && subcode === 33) || code === 803 || status === 404;

/**
 * A fault on Facebook's side during a write may come after the write went
 * through; repeating it blindly could publish the post twice.
 */
const outcomeUnknown = (purpose: string, said: string) =>
  new NonRetryableError(
    `Facebook failed to ${purpose} on its side: ${said}; ` +
      "the outcome is unknown (it may or may not have happened), so check the Page before re-running",
  );

/**
 * A failed Graph API call as an error a person can act on. `purpose`
 * completes "Facebook refused to …", e.g. "post to Page 123"; `write` marks
 * calls that change something, whose passing faults must not be retried.
 */
export function graphError(err: HttpError, purpose: string, { write = false } = {}): Error {
  // The shared client already waited out Retry-After; what is left stays the engine's to retry.
  if (err.status === 429) return err;
  const f = failureOf(err) ?? {};
  const code = num(f.code);
  const said = explain(f, err);
  if ((code !== undefined && RECONNECT.has(code)) || err.status === 401) {
    return new NonRetryableError(`Facebook rejected the connection's token: ${said}; reconnect the Facebook account`);
  }
  if (code !== undefined && THROTTLED.has(code)) {
    return new RetryableHttpError(
      err,
      `Facebook is rate-limiting calls to ${purpose}: ${said}; the step will be retried later`,
      err.retryAfterMs ?? THROTTLE_BACKOFF_MS,
    );
  }
  if ((code !== undefined && TRANSIENT.has(code)) || f.is_transient === true) {
    if (write) return outcomeUnknown(purpose, said);
    return new RetryableHttpError(err, `Facebook failed to ${purpose} on its side: ${said}`, err.retryAfterMs);
  }
  if (isPermission(code) || err.status === 403) {
    return new NonRetryableError(
      `Facebook did not let the connection ${purpose}: ${said}; ` +
        "reconnect Facebook granting every requested permission (pages_manage_posts among them) " +
        "and selecting this Page, and check that your role on the Page allows creating content",
    );
  }
  if (isNotFound(code, num(f.error_subcode), err.status)) {
    return new NonRetryableError(
      `Facebook could not ${purpose}: it does not exist or the connection cannot see it: ${said}; ` +
        'check the Page ID (the "List pages" action shows the Pages this connection can use)',
    );
  }
  if (err.status >= 500) return write ? outcomeUnknown(purpose, said) : err;
  return new NonRetryableError(`Facebook refused to ${purpose}: ${said}`);
}
