import { z } from "zod";
import { HTTP_HEADER_NAME } from "@switchyard/connectors/http-names";
import { durationSchema, lasting } from "./durations";
import { isCredentialName, USES } from "./patterns";

export const WEBHOOK_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** The longest a secret given inline may be; longer ones are keys, which belong in a connection. */
export const MAX_INLINE_SECRET = 1024;

/**
 * A secret a webhook's auth checks against. Given inline (a string) when the
 * workflow is saved, it is sealed and the stored definition keeps only
 * `{sealed: <id>}`, which that workflow's later versions may repeat. Or it is a
 * connection's secret field (`{connection, field?}`).
 */
export const secretRefSchema = z.union([
  z
    .string()
    .min(1, "a secret cannot be empty")
    .max(MAX_INLINE_SECRET, `a secret has at most ${MAX_INLINE_SECRET} characters`),
  z.object({ sealed: z.string().regex(/^whsec_[0-9a-f]{32}$/, "not a sealed secret's reference") }).strict(),
  z
    .object({
      connection: z.string().min(1),
      /** The connection's secret field; may be left out when it has only one. */
      field: z.string().min(1).max(100).optional(),
    })
    .strict(),
]);
export type SecretRef = z.infer<typeof secretRefSchema>;
export type SealedRef = { sealed: string };
export const isSealedRef = (ref: unknown): ref is SealedRef =>
  typeof ref === "object" && ref !== null && typeof (ref as SealedRef).sealed === "string";

const headerName = z
  .string()
  .regex(HTTP_HEADER_NAME, "a header name is 1-100 letters, digits or !#$%&'*+.^_`|~-")
  .transform((h) => h.toLowerCase());

export const HMAC_ALGORITHMS = ["sha256", "sha1", "sha512"] as const;
export const DEFAULT_SIGNATURE_TOLERANCE = "5m";

const hmacAuthSchema = z
  .object({
    type: z.literal("hmac"),
    /** The header carrying the signature, e.g. X-Signature-256. */
    header: headerName,
    algorithm: z.enum(HMAC_ALGORITHMS).default("sha256"),
    secret: secretRefSchema,
    /** Text before the digest in the header, e.g. "sha256="; without it a digest is taken bare or after "<algorithm>=". */
    prefix: z.string().min(1).max(32).optional(),
    encoding: z.enum(["hex", "base64"]).default("hex"),
    /** A header with the delivery's time (Unix seconds or milliseconds, or an ISO date); older than `tolerance` is refused. */
    timestampHeader: headerName.optional(),
    tolerance: durationSchema.optional(),
    /**
     * What is signed: "{body}" (the raw body, the default), or a pattern joining the timestamp and
     * the body, e.g. "{timestamp}.{body}" (Stripe) or "v0:{timestamp}:{body}" (Slack).
     */
    signedPayload: z
      .string()
      .max(100)
      .refine((p) => p.split("{body}").length === 2, 'signedPayload must contain "{body}" once')
      .optional(),
  })
  .strict()
  .refine((a) => a.tolerance === undefined || a.timestampHeader !== undefined, {
    message: "tolerance applies to a timestampHeader: name the header with the delivery's time",
    path: ["tolerance"],
  })
  .refine((a) => !a.signedPayload?.includes("{timestamp}") || a.timestampHeader !== undefined, {
    message: 'signedPayload uses "{timestamp}": name the header carrying it in timestampHeader',
    path: ["signedPayload"],
  })
  // An unsigned timestamp proves nothing: a replayed body and signature would pass with a fresh one.
  .refine((a) => a.timestampHeader === undefined || a.signedPayload?.includes("{timestamp}"), {
    message: 'a timestampHeader must be signed with the body: set signedPayload, e.g. "{timestamp}.{body}"',
    path: ["signedPayload"],
  });

const headerAuthSchema = z
  .object({
    type: z.literal("header"),
    /** The header whose value must equal the secret, e.g. X-Webhook-Token. */
    name: headerName,
    value: secretRefSchema,
  })
  .strict();

const basicAuthSchema = z
  .object({
    type: z.literal("basic"),
    username: z.string().min(1).max(200),
    password: secretRefSchema,
  })
  .strict();

export const webhookAuthSchema = z.discriminatedUnion("type", [hmacAuthSchema, headerAuthSchema, basicAuthSchema]);
export type WebhookAuth = z.infer<typeof webhookAuthSchema>;
/** Where each kind of auth keeps its secret. */
export const SECRET_FIELD = { hmac: "secret", header: "value", basic: "password" } as const;

/** The auth's secret, wherever its kind keeps it. */
export const secretOf = (auth: WebhookAuth): SecretRef =>
  (auth as unknown as Record<string, SecretRef>)[SECRET_FIELD[auth.type]]!;

/** The auth with another secret in its place. */
export const withSecretRef = (auth: WebhookAuth, ref: SecretRef): WebhookAuth =>
  ({ ...auth, [SECRET_FIELD[auth.type]]: ref }) as WebhookAuth;

/** An auth as stored, read leniently: an older version may predate today's rules for it. */
export type WebhookAuthShape = { type?: unknown; header?: unknown; name?: unknown };

/** Headers an auth reads that carry or stand in for its secret (lower case): never stored with the event. */
export function authHeaders(auth: WebhookAuthShape | undefined): string[] {
  const named =
    auth?.type === "hmac"
      ? auth.header
      : auth?.type === "header"
        ? auth.name
        : auth?.type === "basic"
          ? "authorization"
          : undefined;
  return typeof named === "string" ? [named.toLowerCase()] : [];
}

/** A sender limited to this many requests per second on average, in bursts of up to `burst`; over it, 429. */
export const DEFAULT_WEBHOOK_RATE = { perSecond: 50, burst: 200 } as const;
export const rateLimitSchema = z
  .object({
    perSecond: z.number().positive().max(10_000),
    burst: z.number().int().min(1).max(100_000),
  })
  .strict();
export type RateLimit = z.infer<typeof rateLimitSchema>;

/** A sync webhook waits this long for its answer by default, and never longer than the most. */
export const DEFAULT_SYNC_TIMEOUT_MS = 30_000;
export const MAX_SYNC_TIMEOUT_MS = 5 * 60_000;

/** `{{ body.id }}`, `{{ headers.x-request-id }}`, `{{ query.id }}`: a plain path into the request, read without an evaluator. */
export const REQUEST_PATH = /^\{\{\s*(body|headers|query)((?:\.[A-Za-z0-9_$-]+|\[\d+\])+)\s*\}\}$/;

/** Whether an idempotencyKey path reads a header or query parameter holding a credential. */
function keyReadsCredential(path: string | undefined, authHeaderNames: string[]): boolean {
  const [, root, rest] = (path && REQUEST_PATH.exec(path)) || [];
  if (root === undefined || root === "body") return false;
  const name = rest!.slice(1).toLowerCase();
  return isCredentialName(name) || authHeaderNames.includes(name);
}

/**
 * The workflow's webhook URL. Plain, it takes any JSON or form body. With `uses`
 * (a connector's webhook trigger, e.g. "github.webhookEvent") the URL is
 * registered with the provider while the workflow is enabled, and deliveries
 * are verified and parsed by that trigger.
 */
export const webhookTriggerSchema = z
  .object({
    type: z.literal("webhook"),
    uses: z.string().regex(USES, "uses must look like <connector>.<trigger>").optional(),
    connection: z.string().min(1).optional(),
    with: z.record(z.string(), z.unknown()).optional(),
    /** The HTTP methods the URL takes (default POST); others answer 405. */
    methods: z.array(z.enum(WEBHOOK_METHODS)).min(1).max(WEBHOOK_METHODS.length).optional(),
    /** A body limit below the installation's (SWITCHYARD_WEBHOOK_MAX_BYTES), held before the body is read whole. */
    maxBodyBytes: z.number().int().min(1).optional(),
    /** Who may call the URL: a signature of the body, a shared header, or basic credentials; others get 401. */
    auth: webhookAuthSchema.optional(),
    /** Where a repeat is recognised besides the Idempotency-Key header: a plain path such as "{{ body.id }}". */
    idempotencyKey: z
      .string()
      .regex(REQUEST_PATH, 'idempotencyKey must be a plain path into the request, like "{{ body.id }}"')
      .optional(),
    /** "sync" answers with the run's core.respond step (or its summary) instead of 202 at once. */
    mode: z.enum(["async", "sync"]).optional(),
    /** How long a sync webhook waits before answering 202 with the run's id (default 30s, at most 5m). */
    timeout: durationSchema
      .refine(
        lasting((ms) => ms <= MAX_SYNC_TIMEOUT_MS),
        `a sync webhook waits at most ${MAX_SYNC_TIMEOUT_MS / 60_000}m`,
      )
      .optional(),
    /** Requests per second this URL takes (default 50/s, bursts of 200); more answer 429 with Retry-After. */
    rateLimit: rateLimitSchema.optional(),
  })
  .strict()
  .refine((t) => t.uses !== undefined || (t.connection === undefined && t.with === undefined), {
    message: "connection and with belong to a connector's webhook trigger: name it in uses",
  })
  .refine((t) => t.uses === undefined || t.methods === undefined, {
    message: "a connector's webhook trigger takes what its provider sends (POST); methods are for plain webhooks",
    path: ["methods"],
  })
  .refine((t) => t.uses === undefined || (t.auth === undefined && t.idempotencyKey === undefined), {
    message: "a connector's webhook trigger verifies and deduplicates its provider's deliveries itself",
    path: ["auth"],
  })
  .refine((t) => t.uses === undefined || t.mode !== "sync", {
    message: "a connector's webhook trigger answers its provider at once; sync is for plain webhooks",
    path: ["mode"],
  })
  .refine((t) => !keyReadsCredential(t.idempotencyKey, authHeaders(t.auth)), {
    message: "idempotencyKey reads a credential, which would be stored in clear as the event's key",
    path: ["idempotencyKey"],
  })
  .refine((t) => t.timeout === undefined || t.mode === "sync", {
    message: 'timeout is how long a sync webhook waits: set mode: "sync"',
    path: ["timeout"],
  });
export type WebhookTrigger = z.infer<typeof webhookTriggerSchema>;
