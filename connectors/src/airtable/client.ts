import type { z } from "zod";
import { callApi } from "../sdk/answer";
import { HttpError, NonRetryableError } from "../sdk/errors";
import type { HttpClient, HttpRequest } from "../sdk/http/client";

/**
 * Airtable's error bodies: `{ error: { type, message } }` for most failures,
 * a bare `{ error: "NOT_FOUND" }` for some 404s.
 */
interface AirtableFailure {
  error?: string | { type?: unknown; message?: unknown };
}

/** Airtable asks clients to wait 30 seconds after a 429, and usually sends no Retry-After. */
export const RATE_LIMIT_WAIT_MS = 30_000;

const GRANT_HINT =
  "check the base ID and table, and reconnect Airtable granting access to this base " +
  "(and the data.records:read/write scopes)";

/** The provider's own words: its message, with the error type that names the cause. */
function explain(err: HttpError): string {
  const error = err.json<AirtableFailure>()?.error;
  if (typeof error === "string") return error;
  const type = typeof error?.type === "string" ? error.type : undefined;
  const message = typeof error?.message === "string" ? error.message : undefined;
  if (message && type) return `${message} [${type}]`;
  return message ?? type ?? (err.body || `HTTP ${err.status}`);
}

function mapError(err: HttpError, purpose: string): Error {
  const said = explain(err);
  switch (err.status) {
    case 401:
      return new NonRetryableError(
        `Airtable rejected the connection's token (${said}); reconnect the Airtable account`,
      );
    case 403:
      // INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND: Airtable will not
      // say whether the base is missing or merely not granted.
      return new NonRetryableError(`Airtable did not let the connection ${purpose} (${said}); ${GRANT_HINT}`);
    case 404:
      return new NonRetryableError(
        `Airtable could not ${purpose}: not found (${said}); check the base ID and the table name or ID`,
      );
    case 400:
    case 422:
      return new NonRetryableError(`Airtable refused to ${purpose}: ${said}`);
    case 429:
      // Told to the engine, which waits before its next attempt.
      err.retryAfterMs ??= RATE_LIMIT_WAIT_MS;
      return err;
    default:
      return err;
  }
}

/**
 * One Airtable Web API call: failures become messages a person can act on, and
 * the answer is held to `schema`. `purpose` completes "Airtable refused to …",
 * e.g. `create a record in "Tasks"`.
 */
export function airtableCall<S extends z.ZodType>(
  http: HttpClient,
  purpose: string,
  request: HttpRequest,
  answer: S,
): Promise<z.output<S>> {
  return callApi(http, {
    provider: "Airtable",
    purpose,
    request,
    answer,
    mapError: (err) => (err instanceof HttpError ? mapError(err, purpose) : err),
  });
}

/** `{baseId}/{tableIdOrName}`: table names may hold spaces and slashes. */
export const tablePath = (baseId: string, table: string) =>
  `${encodeURIComponent(baseId)}/${encodeURIComponent(table)}`;
