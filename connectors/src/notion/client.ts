import { z } from "zod";
import { parseAnswer } from "../sdk/answer";
import { HttpError, NonRetryableError } from "../sdk/errors";
import type { HttpClient, HttpRequest } from "../sdk/http/client";

/** The API version every request is pinned to; Notion refuses requests without one. */
export const NOTION_VERSION = "2022-06-28";

const SHARE_HINT = "In Notion, open the database (or page), choose ••• → Connections and add this integration; also check the ID.";

/** Notion call with the version header and errors a person can act on; returns the JSON body. */
export async function notionCall(http: HttpClient, req: HttpRequest): Promise<unknown> {
  try {
    const res = await http.request({ ...req, headers: { "notion-version": NOTION_VERSION, ...req.headers } });
    return res.body;
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const { code, message } = err.json<{ code?: string; message?: string }>() ?? {};
    const said = message ?? err.body;
    if (err.status === 401) throw new NonRetryableError(`Notion rejected the connection's token (${said}); reconnect the Notion account`, { code });
    if (err.status === 403) throw new NonRetryableError(`Notion refused access (${said}); check that the integration may read and insert content and is shared with the database`, { code });
    if (err.status === 404) throw new NonRetryableError(`Notion could not find it: ${said} ${SHARE_HINT}`, { code });
    if (err.status === 400) throw new NonRetryableError(`Notion refused the request (${code ?? "bad request"}): ${said}`, { code });
    throw err;
  }
}

/** The answer, if it has the shape the API promises; a "malformed" error naming what is off if not. */
export const notionAnswer = <S extends z.ZodType>(schema: S, body: unknown, purpose: string): z.output<S> => parseAnswer(schema, body, "Notion", purpose);

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
