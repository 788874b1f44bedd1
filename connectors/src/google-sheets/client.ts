import type { z } from "zod";
import { callApi } from "../sdk/answer";
import { HttpError, NonRetryableError } from "../sdk/errors";
import type { HttpClient, HttpRequest } from "../sdk/http/client";

interface GoogleError {
  error?: { code?: number; message?: string; status?: string };
}

/**
 * One Google API call: maps Google's `{ error: { code, message, status } }`
 * answers to errors a person can act on (429 and 5xx stay HttpErrors for the
 * engine to retry), and holds the success body to `answer`, so a wrong-shape
 * body fails as "malformed" instead of as a TypeError further on.
 * `target` names what the call was about, for the not-found message.
 */
export function callGoogle<S extends z.ZodType>(
  http: HttpClient,
  request: HttpRequest,
  answer: S,
  target: string,
): Promise<z.output<S>> {
  const purpose = `${request.method ?? "GET"} ${request.url.split("?")[0]}`;
  return callApi(http, {
    provider: "Google",
    purpose,
    request,
    answer,
    mapError: (err) => (err instanceof HttpError ? googleError(err, target) : err),
  });
}

function googleError(err: HttpError, target: string): Error {
  const error = err.json<GoogleError>()?.error;
  const message = error?.message ?? err.body;
  const details = { status: err.status, googleStatus: error?.status, message };
  switch (err.status) {
    case 401:
      return new NonRetryableError(
        `Google rejected the connection's token (${message}); reconnect the Google account`,
        details,
      );
    case 403:
      // PERMISSION_DENIED: the account cannot open the file, or the token lacks the spreadsheets scope.
      return new NonRetryableError(
        `Google Sheets denied access to ${target} (${message}); ` +
          "check that the connected Google account can edit it, " +
          "and reconnect the account granting Google Sheets access",
        details,
      );
    case 404:
      return new NonRetryableError(
        `Google Sheets: ${target} was not found (${message}); ` +
          "check the spreadsheet ID and that the connected Google account can open it",
        details,
      );
    case 400: {
      const hint = /unable to parse range/i.test(message)
        ? "; check that the sheet (tab) name exists in the spreadsheet"
        : "";
      return new NonRetryableError(`Google Sheets refused the request: ${message}${hint}`, details);
    }
    default:
      return err;
  }
}
