import { NonRetryableError } from "../sdk/errors";
import type { HttpClient } from "../sdk/http/client";

const AUTH_ERRORS = new Set(["not_authed", "invalid_auth", "token_revoked", "token_expired", "account_inactive", "missing_scope"]);

/**
 * Calls a Slack Web API method. Slack answers HTTP 200 with `ok: false` for
 * errors, so this turns those into errors a person can act on.
 */
export async function slackCall<T extends Record<string, unknown>>(http: HttpClient, method: string, args: Record<string, unknown>, { get = false } = {}): Promise<T & { ok: true }> {
  const res = get
    ? await http.request({ method: "GET", url: `${method}?${new URLSearchParams(args as Record<string, string>)}` })
    : await http.request({ method: "POST", url: method, body: args, headers: { "content-type": "application/json; charset=utf-8" } });
  const body = res.body as { ok?: unknown; error?: unknown } | null;
  if (!body || typeof body !== "object" || typeof body.ok !== "boolean") {
    throw new NonRetryableError(`Slack ${method} returned an unexpected response (no "ok" field)`);
  }
  if (!body.ok) {
    const code = String(body.error ?? "unknown_error");
    if (AUTH_ERRORS.has(code)) throw new NonRetryableError(`Slack rejected the connection's token (${code}); reconnect the Slack account`, { code });
    throw new NonRetryableError(`Slack ${method} failed: ${code}`, { code });
  }
  return body as T & { ok: true };
}
