// Checks a webhook request against its trigger's `auth`: an HMAC of the raw body (with an
// optional replay window), a shared header, or basic credentials. Every comparison takes the
// same time whatever the values, so a sender cannot learn a secret one byte at a time.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { DEFAULT_SIGNATURE_TOLERANCE, toMs, type WebhookAuth } from "@switchyard/workflows/definition";

export type AuthCheck = { ok: true } | { ok: false; reason: string; challenge?: string };

const refused = (reason: string, challenge?: string): AuthCheck => ({
  ok: false,
  reason,
  ...(challenge ? { challenge } : {}),
});

/** Equal strings in constant time: both are hashed first, so neither length nor content leaks. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** A delivery's time: Unix seconds or milliseconds, or a date; NaN when it is none of these. */
function timestampMs(value: string): number {
  if (/^\d{1,16}$/.test(value)) {
    const n = Number(value);
    return n > 1e12 ? n : n * 1000;
  }
  return /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
}

const DIGEST = { hex: /^[0-9a-fA-F]+$/, base64: /^[A-Za-z0-9+/]+={0,2}$/ } as const;

function checkHmac(
  auth: Extract<WebhookAuth, { type: "hmac" }>,
  secret: string,
  headers: Headers,
  body: Uint8Array,
  nowMs: number,
): AuthCheck {
  const header = headers.get(auth.header);
  if (!header) return refused(`The request has no ${auth.header} header with its signature.`);
  let timestamp = "";
  if (auth.timestampHeader) {
    timestamp = headers.get(auth.timestampHeader) ?? "";
    const at = timestampMs(timestamp.trim());
    if (Number.isNaN(at)) return refused(`The ${auth.timestampHeader} header is not a Unix time or a date.`);
    const tolerance = toMs(auth.tolerance ?? DEFAULT_SIGNATURE_TOLERANCE);
    if (Math.abs(nowMs - at) > tolerance)
      return refused(
        `The ${auth.timestampHeader} header is more than ${tolerance / 1000}s from now: a replay or a skewed clock.`,
      );
  }
  const [before, after] = (auth.signedPayload ?? "{body}").split("{body}") as [string, string];
  const fill = (part: string) => Buffer.from(part.replaceAll("{timestamp}", timestamp.trim()), "utf8");
  const expected = createHmac(auth.algorithm, secret)
    .update(Buffer.concat([fill(before), body, fill(after)]))
    .digest();
  // Senders rotating their secret may send several signatures; any one of them will do.
  const prefixes = auth.prefix ? [auth.prefix] : [`${auth.algorithm}=`, ""];
  for (const candidate of header.split(",")) {
    const trimmed = candidate.trim();
    const prefix = prefixes.find((p) => trimmed.startsWith(p));
    if (prefix === undefined) continue;
    const digest = trimmed.slice(prefix.length);
    if (!DIGEST[auth.encoding].test(digest)) continue;
    const given = Buffer.from(digest, auth.encoding);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return refused(`The ${auth.header} header does not carry a valid ${auth.algorithm} signature of the body.`);
}

function checkBasic(username: string, password: string, headers: Headers): AuthCheck {
  const challenge = 'Basic realm="webhook", charset="UTF-8"';
  const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(headers.get("authorization") ?? "");
  if (!match) return refused("The request has no Basic credentials in its Authorization header.", challenge);
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const user = colon < 0 ? decoded : decoded.slice(0, colon);
  const pass = colon < 0 ? "" : decoded.slice(colon + 1);
  // Both compared, always: stopping at a wrong user name would tell which names exist.
  const userOk = sameSecret(user, username);
  const passOk = sameSecret(pass, password);
  return userOk && passOk ? { ok: true } : refused("The Basic credentials are not this webhook's.", challenge);
}

/** Whether the request passes `auth`, given its secret's value and the raw body as received. */
export function checkHookAuth(
  auth: WebhookAuth,
  secret: string,
  request: { headers: Headers; body: Uint8Array },
  nowMs: number,
): AuthCheck {
  switch (auth.type) {
    case "hmac":
      return checkHmac(auth, secret, request.headers, request.body, nowMs);
    case "header": {
      const given = request.headers.get(auth.name);
      if (given === null) return refused(`The request has no ${auth.name} header.`);
      return sameSecret(given, secret)
        ? { ok: true }
        : refused(`The ${auth.name} header does not hold this webhook's secret.`);
    }
    case "basic":
      return checkBasic(auth.username, secret, request.headers);
  }
}
