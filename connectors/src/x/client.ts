import { z } from "zod";
import { callApi, parseAnswer } from "../sdk/answer";
import { HttpError, NonRetryableError } from "../sdk/errors";
import type { HttpClient, HttpRequest } from "../sdk/http/client";

/** X's error body: an RFC 7807 problem, sometimes listing the individual problems in `errors`. */
interface XProblem {
  title?: unknown;
  detail?: unknown;
  type?: unknown;
  errors?: unknown;
  /** On the items of `errors`. */
  message?: unknown;
}

/** 403 problem types that mean the token or the developer app lacks access, not that X refused this content. */
const ACCESS_PROBLEM = /\/problems\/(client-forbidden|unsupported-authentication|oauth1-permissions)$/;
const ACCESS_WORDS = /\b(scopes?|permissions?|access level|subset of)\b/i;
const USAGE_CAPPED = /\/problems\/usage-capped$/;

const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);

function problemOf(body: unknown): XProblem {
  return body && typeof body === "object" && !Array.isArray(body) ? (body as XProblem) : {};
}

/** X's own words: the detail, plus each listed error that says something more. */
function explain(problem: XProblem, fallback: string): string {
  const main = text(problem.detail) ?? text(problem.title);
  const listed = Array.isArray(problem.errors)
    ? problem.errors.map((e) => text(problemOf(e).message ?? problemOf(e).detail))
    : [];
  const extra = [...new Set(listed.filter((m): m is string => !!m && m !== main))];
  if (!main) return extra.join("; ") || fallback;
  return extra.length ? `${main} (${extra.join("; ")})` : main;
}

/** A bare "Forbidden" says nothing about the content, so the token's scopes are the likely cause. */
function isAccessProblem(problem: XProblem): boolean {
  const detail = text(problem.detail);
  return (
    ACCESS_PROBLEM.test(text(problem.type) ?? "") || !detail || detail === "Forbidden" || ACCESS_WORDS.test(detail)
  );
}

function mapError(err: HttpError, purpose: string, write: boolean): Error {
  const problem = problemOf(err.json());
  const said = explain(problem, err.body || `HTTP ${err.status}`);
  switch (err.status) {
    case 401:
      return new NonRetryableError(`X rejected the connection's token (${said}); reconnect the X account`);
    case 403:
      // X answers 403 for refusals too (duplicate content, reply
      // restrictions): retrying or reconnecting won't help those.
      return isAccessProblem(problem)
        ? new NonRetryableError(
            `X did not let the connection ${purpose} (${said}); ` +
              "reconnect the X account granting every requested scope, " +
              "and check the X developer app's permissions and access level",
          )
        : new NonRetryableError(`X refused to ${purpose}: ${said}`);
    case 404:
      return new NonRetryableError(`X could not ${purpose}: not found (${said})`);
    case 400:
    case 422:
      return new NonRetryableError(`X refused to ${purpose}: ${said}`);
    case 429:
      // A usage cap lasts until the app's billing period renews; rate-limit 429s stay retryable.
      return USAGE_CAPPED.test(text(problem.type) ?? "")
        ? new NonRetryableError(`X refused to ${purpose}: the X developer app has used up its API usage cap (${said})`)
        : err;
    default:
      // A write that failed on X's side may have gone through first; a blind retry could post twice.
      if (write && err.status >= 500) {
        return new NonRetryableError(
          `X answered HTTP ${err.status} when asked to ${purpose} (${said}); ` +
            "it may or may not have happened — check the account before re-running",
        );
      }
      return err;
  }
}

interface XCallOptions {
  /** The call creates something, so a failure on X's side leaves its outcome unknown. */
  write?: boolean;
}

/**
 * One X API v2 call: errors become messages a person can act on, and the
 * answer's `data` is held to the documented shape. `purpose` completes
 * "X refused to …", e.g. "create the post".
 */
export async function xCall<T>(
  http: HttpClient,
  purpose: string,
  request: HttpRequest,
  data: z.ZodType<T>,
  { write = false }: XCallOptions = {},
): Promise<T> {
  const body = await callApi(http, {
    provider: "X",
    purpose,
    request,
    answer: z.unknown(),
    mapError: (err) => (err instanceof HttpError ? mapError(err, purpose, write) : err),
  });
  const answer = problemOf(body) as XProblem & { data?: unknown };
  // X may answer 2xx with only `errors` when it did nothing.
  if (answer.data === undefined && Array.isArray(answer.errors) && answer.errors.length)
    throw new NonRetryableError(`X refused to ${purpose}: ${explain(answer, "unknown error")}`);
  return parseAnswer(z.object({ data }), body, "X", purpose).data;
}
