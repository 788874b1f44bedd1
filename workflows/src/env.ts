import {
  builtinRegistry,
  connectorRuntimeEnv,
  oauthClientsEnv,
  parseEnv,
  requireInProduction,
} from "@switchyard/connectors";
import { databaseEnv, encryptionEnv } from "@switchyard/db";
import { z } from "zod";
import { temporalConnectionOptions, temporalEnv } from "./config";
import { durationSchema, toMs } from "./definition/durations";
import { retentionEnv } from "./retention-env";
import { taskQueueEnv, taskQueuesFrom } from "./task-queues";
import { workerTuningEnv } from "./worker-tuning";

export const env = parseEnv(
  {
    ...databaseEnv,
    ...temporalEnv,
    ...encryptionEnv,
    ...oauthClientsEnv,
    ...connectorRuntimeEnv,
    ...taskQueueEnv,
    ...workerTuningEnv,
    /** How often the worker's relay looks for runs the web could not start. */
    SWITCHYARD_RELAY_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
    ...retentionEnv,
    /** Remembered results (`cache`) kept per step; beyond it, the least recently used are evicted. */
    SWITCHYARD_STEP_CACHE_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
    /**
     * Mail server for alerts and checkpoint requests, e.g. smtp://user:pass@mail.example.com:587. Unset: alerts only
     * reach the feed, and checkpoints ask through their other channels.
     */
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional(),
    SWITCHYARD_MAIL_FROM: z.string().min(3).default("Switchyard <alerts@switchyard.localhost>"),
    /**
     * Where the Temporal SDK serves its own worker metrics (host:port, e.g. 127.0.0.1:9465), appended
     * to the worker's /metrics. Unset: the SDK keeps no metrics.
     */
    SWITCHYARD_TEMPORAL_METRICS_ADDRESS: z
      .string()
      .regex(/^[^\s/]+:\d+$/, "SWITCHYARD_TEMPORAL_METRICS_ADDRESS must be host:port, e.g. 127.0.0.1:9465")
      .optional(),
    /** The bearer token a scraper must send to the worker's /metrics; unset, the port's network is its only guard. */
    SWITCHYARD_METRICS_TOKEN: z.string().min(32, "SWITCHYARD_METRICS_TOKEN must be at least 32 characters").optional(),
    /** Traces go out over OTLP/HTTP to this collector (the standard OTEL_EXPORTER_OTLP_* variables apply); unset: no tracing. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
    /** Base URL of the web app, for links in alerts and approval mail. */
    SWITCHYARD_PUBLIC_URL: z.url().default("http://127.0.0.1:3000"),
    /** The worker's HTTP port: /healthz, /readyz and Prometheus' /metrics; 0 opens none. Keep it internal to the deployment. */
    SWITCHYARD_WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65_535).default(9464),
    /** How long a stopping worker (SIGTERM) lets its running steps finish before cancelling them ("30s", "2m"). */
    SWITCHYARD_WORKER_SHUTDOWN_GRACE: durationSchema.default("30s").transform(toMs),
    NODE_ENV: z.string().default("development"),
  },
  process.env,
);

if (env.NODE_ENV === "production")
  requireInProduction(process.env, ["DATABASE_URL", "SWITCHYARD_ENCRYPTION_KEY", "SWITCHYARD_PUBLIC_URL"]);

export const temporalConnection = temporalConnectionOptions(env);

// core's operations run inside the workflow: it has no steps to route.
const routable = builtinRegistry.connectors.map((c) => c.slug).filter((slug) => slug !== "core");
export const taskQueues = taskQueuesFrom(env, routable);
