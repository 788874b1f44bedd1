// How an OAuth2 connection started in the web app ends: the callback sends the person back to the
// connections page with the outcome in the query string. It is signed, so nobody can send someone a
// link to that page with a banner of their own words on it.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

const outcomeSchema = z.object({
  ok: z.boolean(),
  name: z.string(),
  reconnected: z.boolean().optional(),
  /** Why it failed, in the same words the page would have shown. */
  message: z.string().optional(),
});
export type OAuthOutcome = z.infer<typeof outcomeSchema>;

/** The query parameter the connections page reads. */
export const OUTCOME_PARAM = "oauth";

const mac = (secret: string, body: string) =>
  createHmac("sha256", secret).update(`switchyard-oauth-outcome:${body}`).digest();

export function signOutcome(secret: string, outcome: OAuthOutcome): string {
  const body = Buffer.from(JSON.stringify(outcome)).toString("base64url");
  return `${body}.${mac(secret, body).toString("base64url")}`;
}

/** The outcome, if this server signed it; anything else shows no banner. */
export function readOutcome(secret: string, value: string | undefined): OAuthOutcome | null {
  const [body, sig, ...rest] = (value ?? "").split(".");
  if (!body || !sig || rest.length) return null;
  const given = Buffer.from(sig, "base64url");
  const expected = mac(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return outcomeSchema.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    return null;
  }
}
