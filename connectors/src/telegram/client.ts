import { HttpError, NonRetryableError } from "../sdk/errors";
import type { HttpClient } from "../sdk/http/client";

interface TelegramReply {
  ok?: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

/**
 * Calls a Bot API method. Telegram's errors carry a description; its 429s carry
 * retry_after (also as Retry-After, which the shared client waits out first).
 * The bot token travels in the URL path; the bound client scrubs it from errors.
 */
export async function telegramCall<T>(http: HttpClient, method: string, args: Record<string, unknown>): Promise<T> {
  let body: TelegramReply | null;
  try {
    body = (await http.request<TelegramReply | null>({ method: "POST", url: method, body: args })).body;
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const reply = err.json<TelegramReply>() ?? {};
    const said = reply.description ?? `HTTP ${err.status}`;
    if (err.status === 401 || err.status === 404) throw new NonRetryableError(`Telegram rejected the bot token (${said}); check the connection`);
    // 400: the request itself (e.g. "chat not found"); 403: the bot may not write there (blocked, not a member).
    if (err.status === 400 || err.status === 403) throw new NonRetryableError(`Telegram ${method} failed: ${said}`);
    if (err.status === 429 && reply.parameters?.retry_after !== undefined) err.retryAfterMs = reply.parameters.retry_after * 1000;
    if (reply.description) err.message = `Telegram ${method} failed: ${reply.description}`;
    throw err;
  }
  if (!body || typeof body !== "object" || typeof body.ok !== "boolean") throw new NonRetryableError(`Telegram's answer to ${method} is malformed (no "ok" field)`);
  if (!body.ok) throw new NonRetryableError(`Telegram ${method} failed: ${body.description ?? "unknown error"}`);
  return body.result as T;
}
