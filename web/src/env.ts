import { connectorRuntimeEnv, oauthClientsEnv, parseEnv, requireInProduction } from "@switchyard/connectors";
import { databaseEnv, encryptionEnv } from "@switchyard/db";
import { durationSchema, toMs } from "@switchyard/workflows/definition";
import { temporalConnectionOptions, temporalEnv } from "@switchyard/workflows/engine";
import { z } from "zod";

export const env = parseEnv(
  {
    ...databaseEnv,
    ...temporalEnv,
    ...encryptionEnv,
    ...oauthClientsEnv,
    ...connectorRuntimeEnv,
    /** Largest webhook body accepted, in bytes (default 1 MiB). */
    SWITCHYARD_WEBHOOK_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(32 * 1024 * 1024)
      .default(1024 * 1024),
    /** The shortest interval a schedule trigger may fire at: "10s" (the default), "2s", "1m"; a number is milliseconds. */
    SWITCHYARD_MIN_SCHEDULE_INTERVAL: durationSchema.default("10s").transform(toMs),
    /** Webhook requests a workspace takes per second, all its workflows together (default 200); more answer 429. */
    SWITCHYARD_WORKSPACE_WEBHOOK_RATE: z.coerce.number().positive().max(100_000).default(200),
    /** How many of them may come at once above that rate (default 1000). */
    SWITCHYARD_WORKSPACE_WEBHOOK_BURST: z.coerce.number().int().min(1).max(1_000_000).default(1000),
    /** Shown on the home page for the Temporal Web UI link. */
    TEMPORAL_UI_URL: z.url().default("http://127.0.0.1:8233"),
    /**
     * HMAC key for OAuth2 `state` (at least 32 characters). Required in production; outside
     * production an unset value falls back to a fixed, public development secret (see oauth.ts).
     * Checked where it is used rather than here, so `next build` runs without it.
     */
    SWITCHYARD_SECRET: z.string().min(32, "SWITCHYARD_SECRET must be at least 32 characters").optional(),
    /** Traces go out over OTLP/HTTP to this collector (the standard OTEL_EXPORTER_OTLP_* variables apply); unset: no tracing. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
    /**
     * Bearer token Prometheus sends to GET /metrics (at least 32 characters). Unset: /metrics
     * answers 404, so an installation exposes nothing it did not ask to.
     */
    SWITCHYARD_METRICS_TOKEN: z.string().min(32, "SWITCHYARD_METRICS_TOKEN must be at least 32 characters").optional(),
    /** Base URL browsers reach the web app at; OAuth2 redirect_uri is `<this>/api/v1/oauth/callback`. */
    SWITCHYARD_PUBLIC_URL: z.url().default("http://127.0.0.1:3000"),
    /** next-auth's own base URL (it reads the variable itself): set it to SWITCHYARD_PUBLIC_URL. */
    NEXTAUTH_URL: z.url().optional(),
    /** Where sign-in links and invitations are mailed through; without it, they are only logged (development). */
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional(),
    SWITCHYARD_MAIL_FROM: z.string().min(3).default("Switchyard <no-reply@switchyard.localhost>"),
    /** Sign-in with GitHub and Google, each offered only when both of its values are set. */
    GITHUB_CLIENT_ID: z.string().min(1).optional(),
    GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
    GOOGLE_CLIENT_ID: z.string().min(1).optional(),
    GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
    NODE_ENV: z.string().default("development"),
  },
  process.env,
);

export const temporalConnection = temporalConnectionOptions(env);

/**
 * What `next start` checks before it serves (instrumentation.ts): a production server refuses to start
 * without the settings development does without or defaults. Not at import, so `next build` runs without them.
 */
export function checkStartEnv(): void {
  if (env.NODE_ENV === "production")
    requireInProduction(process.env, [
      "DATABASE_URL",
      "SWITCHYARD_ENCRYPTION_KEY",
      "SWITCHYARD_SECRET",
      "SWITCHYARD_PUBLIC_URL",
    ]);
}
