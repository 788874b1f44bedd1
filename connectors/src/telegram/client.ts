import { setTimeout as sleep } from "node:timers/promises";
import { HttpError, NonRetryableError } from "../sdk/errors";
import type { HttpClient } from "../sdk/http/client";

interface TelegramReply {
  ok?: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

/** Flood waits sat out inside the step, like the shared client's limit; longer ones are the engine's to schedule. */
const LONGEST_INLINE_WAIT_MS = 30_000;
const INLINE_RATE_LIMIT_RETRIES = 2;

async function callOnce<T>(
  http: HttpClient,
  method: string,
  args: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<T> {
  let body: TelegramReply | null;
  try {
    // retries: 0, because Telegram often sends retry_after only in the body, which the shared client cannot read:
    // its own backoff (under a second) would hit the flood wait again. telegramCall waits out 429s instead.
    body = (await http.request<TelegramReply | null>({ method: "POST", url: method, body: args, retries: 0, signal }))
      .body;
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const reply = err.json<TelegramReply>() ?? {};
    const said = reply.description ?? `HTTP ${err.status}`;
    if (err.status === 401 || err.status === 404)
      throw new NonRetryableError(`Telegram rejected the bot token (${said}); check the connection`);
    // 400: the request itself (e.g. "chat not found"); 403: the bot may not write there (blocked, not a member).
    if (err.status === 400 || err.status === 403) throw new NonRetryableError(`Telegram ${method} failed: ${said}`);
    if (err.status === 429 && typeof reply.parameters?.retry_after === "number")
      err.retryAfterMs = reply.parameters.retry_after * 1000;
    if (reply.description) err.message = `Telegram ${method} failed: ${reply.description}`;
    throw err;
  }
  if (!body || typeof body !== "object" || typeof body.ok !== "boolean")
    throw new NonRetryableError(`Telegram's answer to ${method} is malformed (no "ok" field)`);
  if (!body.ok) throw new NonRetryableError(`Telegram ${method} failed: ${body.description ?? "unknown error"}`);
  return body.result as T;
}

/**
 * Calls a Bot API method. Telegram's errors carry a description; its 429s carry
 * retry_after in the body (sometimes also as Retry-After): a short wait is sat
 * out here, a long or unknown one goes to the engine with retryAfterMs set.
 * A 429 was not processed, so repeating even sendMessage is safe.
 * The bot token travels in the URL path; the bound client scrubs it from errors.
 */
export async function telegramCall<T>(
  http: HttpClient,
  method: string,
  args: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await callOnce<T>(http, method, args, signal);
    } catch (err) {
      const wait = err instanceof HttpError && err.status === 429 ? err.retryAfterMs : undefined;
      if (wait === undefined || wait > LONGEST_INLINE_WAIT_MS || attempt >= INLINE_RATE_LIMIT_RETRIES) throw err;
      await sleep(wait, undefined, { signal });
    }
  }
}
