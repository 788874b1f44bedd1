import { z } from "zod";
import { callApi } from "../sdk/answer";
import { HttpError, NonRetryableError, RetryableHttpError } from "../sdk/errors";
import type { HttpClient, HttpRequest } from "../sdk/http/client";

/** The API version every request is pinned to; Notion refuses requests without one. */
export const NOTION_VERSION = "2022-06-28";

const SHARE_HINT =
  "In Notion, open the database (or page), choose ••• → Connections and add this integration; also check the ID.";

/**
 * Notion's 409 conflict_error: the transaction was not completed (a data
 * collision), and Notion's docs say to retry; HttpError counts 409 as final.
 */
function notionError(err: unknown): unknown {
  if (!(err instanceof HttpError)) return err;
  const { code, message } = err.json<{ code?: string; message?: string }>() ?? {};
  const said = message ?? err.body;
  if (err.status === 401)
    return new NonRetryableError(`Notion rejected the connection's token (${said}); reconnect the Notion account`, {
      code,
    });
  if (err.status === 403)
    return new NonRetryableError(
      `Notion refused access (${said}); ` +
        "check that the integration may read and insert content and is shared with the database",
      { code },
    );
  if (err.status === 404) return new NonRetryableError(`Notion could not find it: ${said} ${SHARE_HINT}`, { code });
  if (err.status === 400)
    return new NonRetryableError(`Notion refused the request (${code ?? "bad request"}): ${said}`, { code });
  if (err.status === 409)
    return new RetryableHttpError(
      err,
      `Notion could not complete the change because of a conflict (${said}); the step will be retried`,
    );
  return err;
}

export interface NotionCall<S extends z.ZodType> {
  /** Completes "when asked to …", e.g. "query the database". */
  purpose: string;
  request: HttpRequest;
  /** The documented shape of a successful answer. */
  answer: S;
}

/** One Notion call: the version header, errors a person can act on, and the answer held to its documented shape. */
export function notionCall<S extends z.ZodType>(
  http: HttpClient,
  { purpose, request, answer }: NotionCall<S>,
): Promise<z.output<S>> {
  return callApi(http, {
    provider: "Notion",
    purpose,
    request: { ...request, headers: { "notion-version": NOTION_VERSION, ...request.headers } },
    answer,
    mapError: notionError,
  });
}

export const databaseIdProp = z.string().min(1).describe("The database's ID, or its link (••• → Copy link)");

const NOTION_ID = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi;

/**
 * A database ID from what users paste: the ID itself, or the database's link.
 * Links carry a view ID in `?v=`, so only the path is searched, and its last ID wins
 * (the title slug before it may itself look like hex).
 */
export function databaseIdFrom(input: string): string {
  const path = input.trim().split(/[?#]/)[0]!;
  return path.match(NOTION_ID)?.at(-1) ?? encodeURIComponent(input.trim());
}
