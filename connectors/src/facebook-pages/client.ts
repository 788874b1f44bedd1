import { z } from "zod";
import { callApi } from "../sdk/answer";
import { HttpError, NonRetryableError, scrubSecrets } from "../sdk/errors";
import { ResponseError, type HttpClient, type HttpRequest } from "../sdk/http/client";
import { graphError } from "./graph-errors";

export interface GraphCall<T> {
  /** Completes "Facebook refused to …", e.g. "post to Page 123". */
  purpose: string;
  request: HttpRequest;
  /** The documented shape of a successful answer. */
  answer: z.ZodType<T>;
  /** Tokens other than the connection's (a Page's) that must never reach an error message. */
  secrets?: string[];
  /** The call creates or changes something, so a fault on Facebook's side leaves its outcome unknown. */
  write?: boolean;
}

const malformed = (purpose: string, why: string) =>
  new NonRetryableError(`Facebook's answer when asked to ${purpose} is malformed (${why})`);

function mapFailure(err: unknown, purpose: string, write: boolean): unknown {
  if (err instanceof HttpError) return graphError(err, purpose, { write });
  // The client quotes the start of an unparsable body, which may hold a Page token.
  if (err instanceof ResponseError && /malformed JSON/.test(err.message)) return malformed(purpose, "not valid JSON");
  return err;
}

/** One Graph API call: errors a person can act on, and the answer held to its documented shape. */
export function graph<T>(
  http: HttpClient,
  { purpose, request, answer, secrets = [], write = false }: GraphCall<T>,
): Promise<T> {
  return callApi(http, {
    provider: "Facebook",
    purpose,
    request,
    answer,
    mapError: (err) => scrubSecrets(mapFailure(err, purpose, write), secrets),
  });
}

export const pagePath = (pageId: string) => encodeURIComponent(pageId);

/**
 * The Page access token, which Page writes need; the connection holds only
 * the user's token. Facebook omits it when the user has no task on the Page
 * that grants one, or did not share the Page with the app when connecting.
 */
export async function pageAccessToken(http: HttpClient, pageId: string): Promise<string> {
  const page = await graph(http, {
    purpose: `look up Page ${pageId}`,
    request: { url: `${pagePath(pageId)}?fields=access_token` },
    answer: z.object({ access_token: z.string().min(1).optional() }),
  });
  if (!page.access_token) {
    throw new NonRetryableError(
      `Facebook gave no Page access token for Page ${pageId}: ` +
        "the connected account needs a role on the Page that allows creating content, " +
        "and the Page must be selected when connecting; reconnect Facebook and select the Page",
    );
  }
  return page.access_token;
}

/**
 * A form-encoded POST made as the Page: the Page token replaces the user's
 * in the Authorization header (the bound client keeps an explicit one), so
 * the request carries exactly one token and Facebook cannot pick the wrong one.
 */
export function postAsPage<T>(
  http: HttpClient,
  pageToken: string,
  call: { purpose: string; url: string; params: Record<string, string>; answer: z.ZodType<T> },
): Promise<T> {
  const form = new URLSearchParams(call.params);
  return graph(http, {
    purpose: call.purpose,
    request: {
      method: "POST",
      url: call.url,
      body: form.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Bearer ${pageToken}` },
    },
    answer: call.answer,
    secrets: [pageToken],
    write: true,
  });
}
