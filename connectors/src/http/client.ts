import { HttpError, NonRetryableError, scrubSecrets } from "../sdk/errors";
import type { HttpClient, HttpRequest, HttpResponse } from "../sdk/http/client";

/**
 * Headers whose values are credentials: no error may repeat them, even when the target echoes them back.
 * `auth` covers Authorization, Proxy-Authorization and custom ones like X-Auth or X-Auth-Email.
 */
const CREDENTIAL_HEADER = /auth|cookie|token|secret|key|password/i;

function credentialValues(headers: Record<string, string> | undefined): string[] {
  return (
    Object.entries(headers ?? {})
      .filter(([name]) => CREDENTIAL_HEADER.test(name))
      // "Bearer abc" is also quoted as just "abc".
      .flatMap(([, value]) => [value, value.replace(/^\S+\s+/, "")])
  );
}

/**
 * Sends a step's request to any URL. Only 429s are waited out here (they were
 * not processed); other failures go to the step's retry policy, the user's
 * choice, since the target may not honour Idempotency-Key.
 */
export async function sendRequest<T>(http: HttpClient, req: HttpRequest): Promise<HttpResponse<T>> {
  try {
    return await http.request<T>({ ...req, retryOnlyRateLimits: true });
  } catch (err) {
    throw scrubSecrets(explain(err, req.url), credentialValues(req.headers));
  }
}

/**
 * A 401 means the target refused the credentials the step sent:
 * retrying cannot help. Other statuses speak for themselves.
 */
function explain(err: unknown, url: string): unknown {
  if (!(err instanceof HttpError) || err.status !== 401) return err;
  const said = err.body.trim().slice(0, 200);
  return new NonRetryableError(
    `the server at ${new URL(url).origin} refused the request's credentials (HTTP 401${said ? `: ${said}` : ""}); ` +
      "check the Authorization header (or API key) the step sends",
  );
}
