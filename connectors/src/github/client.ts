import { HttpError, NonRetryableError, RetryableHttpError } from "../sdk/errors";
import type { HttpClient, HttpRequest, HttpResponse } from "../sdk/http/client";

const HEADERS = {
  accept: "application/vnd.github+json",
  "x-github-api-version": "2022-11-28",
  "user-agent": "Switchyard",
};
/** GitHub's advice when a rate-limited answer has no Retry-After: wait at least a minute. */
const RATE_LIMIT_BACKOFF_MS = 60_000;
/** Primary ("API rate limit exceeded"), secondary, and the older "abuse detection" wording. */
const RATE_LIMITED = /rate limit|abuse detection/i;

/**
 * GitHub answers 403 (which HttpError counts as final) for rate limits too;
 * such a request was not processed, so the engine may retry it after the wait.
 */
/**
 * GitHub REST call with the headers GitHub requires and errors a person can act on.
 * Answers are typed as GitHub documents them; actions still read them null-safely,
 * because runAction holds what they return to the output schema and reports a
 * wrong shape as malformed (a TypeError would say nothing useful).
 */
export async function github<T>(http: HttpClient, req: HttpRequest): Promise<HttpResponse<T>> {
  try {
    return await http.request<T>({ ...req, headers: { ...HEADERS, ...req.headers } });
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const message = err.json<{ message?: string }>()?.message ?? err.body;
    if (err.status === 401)
      throw new NonRetryableError(`GitHub rejected the connection's token (${message}); reconnect the GitHub account`);
    // No headers on the error, so x-ratelimit-reset is out of reach; Retry-After is kept when sent.
    if (err.status === 403 && RATE_LIMITED.test(message))
      throw new RetryableHttpError(
        err,
        `GitHub is rate-limiting the connection (${message}); the step will be retried later`,
        err.retryAfterMs ?? RATE_LIMIT_BACKOFF_MS,
      );
    if (err.status === 403)
      throw new NonRetryableError(
        `GitHub refused access (${message}); ` +
          "check that the account can write to the repository, or reconnect it granting the needed scopes",
      );
    if (err.status === 404)
      throw new NonRetryableError(
        `GitHub: not found (${req.method ?? "GET"} ${req.url}); check the repository and the token's access`,
      );
    if (err.status === 422) throw new NonRetryableError(`GitHub refused the request: ${message}`);
    throw err;
  }
}

export const repoPath = (owner: string, repo: string) =>
  `repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
