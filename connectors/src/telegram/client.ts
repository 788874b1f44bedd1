import { HttpError, NonRetryableError } from "../sdk/errors";
import type { HttpClient } from "../sdk/http/client";

interface TelegramReply {
  ok?: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

/** Calls a Bot API method; Telegram's errors carry a description (and retry_after for 429s). */
export async function telegramCall<T>(http: HttpClient, method: string, args: Record<string, unknown>): Promise<T> {
  let body: TelegramReply;
  try {
    body = (await http.request({ method: "POST", url: method, body: args, retries: 0 })).body as TelegramReply;
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const reply = err.json<TelegramReply>() ?? {};
    if (err.status === 401 || err.status === 404) throw new NonRetryableError(`Telegram rejected the bot token (${reply.description ?? err.status}); check the connection`);
    if (err.status === 429) {
      const retry = reply.parameters?.retry_after;
      if (retry !== undefined) err.retryAfterMs = retry * 1000;
    }
    if (reply.description) err.message = `Telegram ${method} failed: ${reply.description}`;
    throw err;
  }
  if (!body || typeof body !== "object" || typeof body.ok !== "boolean") throw new NonRetryableError(`Telegram ${method} returned an unexpected response (no "ok" field)`);
  if (!body.ok) throw new NonRetryableError(`Telegram ${method} failed: ${body.description ?? "unknown error"}`);
  return body.result as T;
}
