import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { EventsEndpoint } from "../sdk/define";
import { NonRetryableError } from "../sdk/errors";
import { checkOutput } from "../sdk/run";

type Headers = Record<string, string | undefined>;

/** Slack's replay window: older (or future) timestamps are refused even when signed. */
const MAX_SKEW_SECONDS = 5 * 60;

const header = (headers: Headers, name: string) =>
  headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];

/**
 * Checks that a request came from Slack, as Slack documents it:
 * `X-Slack-Signature: v0=<hex HMAC-SHA256("v0:" + X-Slack-Request-Timestamp + ":" + raw body)>`
 * keyed with the app's signing secret, and a timestamp within five minutes of now.
 * Throws a NonRetryableError saying what is wrong; returns when the request is authentic.
 */
export function verifySlackRequest(signingSecret: string, headers: Headers, body: string, now = Date.now()): void {
  const signature = header(headers, "x-slack-signature");
  const timestamp = header(headers, "x-slack-request-timestamp");
  if (!signature || !timestamp)
    throw new NonRetryableError(
      "Slack request is not signed (no X-Slack-Signature or X-Slack-Request-Timestamp header)",
    );
  if (!/^\d+$/.test(timestamp)) throw new NonRetryableError("Slack request timestamp is not a Unix time in seconds");
  if (Math.abs(now / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS)
    throw new NonRetryableError(
      "Slack request timestamp is more than 5 minutes from now; refused as a possible replay",
    );
  const expected = Buffer.from(
    `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex")}`,
  );
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new NonRetryableError("Slack request signature does not match the app's signing secret");
}

/** The outer shape every Events API delivery shares; `event` varies by type. */
const envelopeSchema = z.looseObject({
  type: z.string(),
  challenge: z.string().optional(),
  event: z.looseObject({ type: z.string() }).optional(),
});

export type SlackEnvelope = z.infer<typeof envelopeSchema>;

/** Part of a delivery held to its schema: the SDK's "malformed" NonRetryableError names what is off. */
export const checkDelivery = <S extends z.ZodType>(what: string, schema: S, value: unknown) =>
  checkOutput({ title: what, output: schema }, value) as z.infer<S>;

/** The delivery's JSON envelope, or a NonRetryableError saying it is malformed. */
export function readSlackEnvelope(body: string): SlackEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new NonRetryableError("Slack event delivery is malformed (not JSON)");
  }
  return checkDelivery("Slack event delivery", envelopeSchema, json);
}

/**
 * The challenge to echo back when Slack verifies the app's Request URL, else
 * undefined. Call verifySlackRequest first: the answer proves the URL is ours.
 */
export function slackChallenge(body: string): string | undefined {
  const envelope = readSlackEnvelope(body);
  return envelope.type === "url_verification" ? envelope.challenge : undefined;
}

/** The signing secret is the Slack app's (one events URL serves every team), never a trigger's. */
export function requireSigningSecret(app: { signingSecret?: string } | undefined): string {
  if (!app?.signingSecret)
    throw new NonRetryableError(
      "Slack events cannot be verified: " +
        "set the Slack app's signing secret in SWITCHYARD_OAUTH_CLIENTS (field signingSecret)",
    );
  return app.signingSecret;
}

/**
 * Slack's app-level Events API endpoint: deliveries are verified with the
 * app's signing secret and routed by their team to the workspaces connected
 * to that team, so one tenant never sees another team's messages.
 */
export const slackEvents: EventsEndpoint = {
  verify: (app, request) => verifySlackRequest(requireSigningSecret(app), request.headers, request.body),
  challenge: (request) => slackChallenge(request.body),
  accountOf: (request) => {
    const team = (readSlackEnvelope(request.body) as { team_id?: unknown }).team_id;
    return typeof team === "string" ? team : undefined;
  },
};
