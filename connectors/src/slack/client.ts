import { NonRetryableError } from "../sdk/errors";
import type { HttpClient } from "../sdk/http/client";

type Args = Record<string, unknown>;

/**
 * The `ok: false` answer; `needed` comes with missing_scope,
 * `response_metadata.messages` with invalid_blocks and the like.
 */
interface SlackFailure {
  error?: unknown;
  needed?: unknown;
  response_metadata?: { messages?: unknown };
}

const AUTH_ERRORS = new Set(["not_authed", "invalid_auth", "token_revoked", "token_expired", "account_inactive"]);
/** Trouble on Slack's side that a later attempt may not meet, so the engine should retry (never carried out). */
const TRANSIENT_ERRORS = new Set(["service_unavailable", "ratelimited"]);
/**
 * Failures Slack documents as "some aspect of the operation [may have] succeeded":
 * a read may simply be repeated, a write repeated blindly could post twice.
 */
const OUTCOME_UNKNOWN_ERRORS = new Set(["internal_error", "fatal_error", "request_timeout"]);

/** What the codes a person can fix mean, in terms of the step's own input. */
const EXPLAIN: Record<string, (args: Args, failure: SlackFailure) => string> = {
  missing_scope: (_a, f) =>
    `the connection lacks the Slack permission ${String(f.needed ?? "this method needs")}; reconnect Slack to grant it`,
  channel_not_found: (a) =>
    `channel ${String(a.channel)} not found; use the channel's ID (like C0123ABC) and make sure the app can see it`,
  not_in_channel: (a) =>
    `the app is not a member of channel ${String(a.channel)}; invite it there (/invite @app) first`,
  is_archived: (a) => `channel ${String(a.channel)} is archived`,
  users_not_found: (a) => `no member of the workspace has the email ${String(a.email)}`,
  message_not_found: (a) => `no message with ts ${String(a.ts ?? a.timestamp)} in channel ${String(a.channel)}`,
  cant_update_message: () => "the app can only edit messages it posted itself",
  edit_window_closed: () => "the workspace no longer allows editing this message",
  invalid_name: (a) => `there is no emoji named "${String(a.name)}"`,
  too_many_reactions: () => "the message has reached Slack's reaction limit",
  msg_too_long: () => "the message text is too long (Slack's limit is 40,000 characters)",
};

function failureMessage(method: string, code: string, args: Args, failure: SlackFailure): string {
  const explained = EXPLAIN[code]?.(args, failure);
  const notes = failure.response_metadata?.messages;
  const details = Array.isArray(notes) && notes.length ? ` (${notes.join("; ")})` : "";
  return `Slack ${method} failed (${code})${explained ? `: ${explained}` : ""}${details}`;
}

interface CallOptions {
  /** Send the arguments as a GET query (methods that take no JSON body). */
  get?: boolean;
  /** The method changes something (posts, edits, reacts), so an unknown outcome must not be retried. */
  write?: boolean;
}

/**
 * Calls a Slack Web API method. Slack answers HTTP 200 with `ok: false` for
 * errors, so this turns those into errors a person can act on.
 */
export async function slackCall<T extends Args>(
  http: HttpClient,
  method: string,
  args: Args,
  { get = false, write = false }: CallOptions = {},
): Promise<T & { ok: true }> {
  const res = get
    ? await http.request({ method: "GET", url: `${method}?${new URLSearchParams(args as Record<string, string>)}` })
    : await http.request({
        method: "POST",
        url: method,
        body: args,
        headers: { "content-type": "application/json; charset=utf-8" },
      });
  const body = res.body as ({ ok?: unknown } & SlackFailure) | null;
  if (!body || typeof body !== "object" || typeof body.ok !== "boolean") {
    throw new NonRetryableError(`Slack ${method}: the answer is malformed (no "ok" field)`);
  }
  if (!body.ok) {
    const code = typeof body.error === "string" ? body.error : "unknown_error";
    if (AUTH_ERRORS.has(code))
      throw new NonRetryableError(`Slack rejected the connection's token (${code}); reconnect the Slack account`, {
        code,
      });
    if (OUTCOME_UNKNOWN_ERRORS.has(code) && write) {
      throw new NonRetryableError(
        `Slack ${method} failed on Slack's side (${code}) and the outcome is unknown: ` +
          "Slack may have carried it out; check the channel before re-running",
        { code },
      );
    }
    if (TRANSIENT_ERRORS.has(code) || OUTCOME_UNKNOWN_ERRORS.has(code))
      throw new Error(`Slack ${method} failed on Slack's side (${code})`);
    throw new NonRetryableError(failureMessage(method, code, args, body), { code });
  }
  return body as T & { ok: true };
}
