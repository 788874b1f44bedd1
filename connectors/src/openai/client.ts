import { HttpError, NonRetryableError } from "../sdk/errors";
import type { HttpClient, HttpRequest } from "../sdk/http/client";

interface OpenAIError {
  error?: { message?: string; code?: string | null };
}

/** One call to the OpenAI(-compatible) API, with its errors turned into messages a person can act on. */
export async function openaiCall<T>(http: HttpClient, req: HttpRequest): Promise<T> {
  try {
    return (await http.request<T>(req)).body;
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const error = err.json<OpenAIError>()?.error;
    const said = error?.message || err.body || `HTTP ${err.status}`;
    if (err.status === 401)
      throw new NonRetryableError(
        `the API rejected the connection's key (${said}); update the connection with a valid API key`,
      );
    if (err.status === 403)
      throw new NonRetryableError(
        `the API refused the connection's key access (${said}); check the key's project and permissions`,
      );
    if (err.status === 404)
      throw new NonRetryableError(
        `the API found no such model or endpoint (${said}); check the model name and the connection's base URL`,
      );
    if (err.status === 400 || err.status === 422) throw new NonRetryableError(`the API refused the request: ${said}`);
    // A 429 for an exhausted quota lasts until billing changes; rate-limit 429s stay retryable.
    if (err.status === 429 && error?.code === "insufficient_quota")
      throw new NonRetryableError(`the API account has no quota left (${said})`);
    throw err;
  }
}
