import "server-only";
import {
  createHttpClient,
  createLogger,
  httpConfigFrom,
  type HttpClientPool,
  type Logger,
} from "@switchyard/connectors";
import { createPrismaClient, listenTo, parseKeyRing, type Db, type KeyRing } from "@switchyard/db";
import type { OAuthClient } from "@switchyard/connectors";
import type { RateLimit } from "@switchyard/workflows/definition";
import { connectEngine, createDispatcher, type Dispatcher, type EngineClient } from "@switchyard/workflows/engine";
import { env, temporalConnection } from "~/env";
import { createRunWaits, RUN_FINISHED_CHANNEL, type RunWaits } from "./services/run-waits";
import { refusalTallyFor, type RefusalTally } from "./services/webhook-refusals";

export interface Services {
  /** NODE_ENV is "production": unforeseen errors answer only "internal", and SWITCHYARD_SECRET is required. */
  production: boolean;
  db: Db;
  /** Rejects while Temporal is unreachable; callers fall back to the outbox. */
  engine(): Promise<EngineClient>;
  logger: Logger;
  webhookMaxBytes: number;
  /** SWITCHYARD_WORKSPACE_WEBHOOK_RATE and _BURST: what all of a workspace's webhooks take together. */
  workspaceWebhookRate: RateLimit;
  /** SWITCHYARD_MIN_SCHEDULE_INTERVAL: how often a schedule trigger may fire at most. */
  minScheduleIntervalMs: number;
  /** The connection-secrets key ring; throws (naming the variable) when SWITCHYARD_ENCRYPTION_KEY is unset. */
  keyRing(): KeyRing;
  oauth: OAuthConfig;
  /** The shared connector HTTP client (SSRF guard on unless configured off). */
  http: HttpClientPool;
  /** Connector slug → API base URL overrides (SWITCHYARD_API_BASE_URLS). */
  baseUrls: Record<string, string>;
  /** Requests waiting for runs to finish; its LISTEN connection opens on the first wait. */
  runWaits: RunWaits;
  /** Starts accepted runs on Temporal after their request has been answered. */
  dispatcher: Dispatcher;
  /** Refused webhook deliveries, counted per workflow and written once a second. */
  refusals: RefusalTally;
  /** Decrypted webhook secrets by their sealed reference (immutable, so never stale), bounded. */
  hookSecrets: Map<string, string>;
}

export interface OAuthConfig {
  /** SWITCHYARD_OAUTH_CLIENTS: connector slug → app registration. */
  clients: Record<string, OAuthClient>;
  /** SWITCHYARD_SECRET; undefined means "use the development fallback" (refused in production). */
  secret: string | undefined;
  /** SWITCHYARD_PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
}

/** After a failed connect, requests go straight to the outbox for this long instead of each waiting out a timeout. */
const RECONNECT_AFTER_MS = 5_000;

function createServices(): Services {
  let engine: Promise<EngineClient> | undefined;
  let failedAt = 0;
  let keyRing: KeyRing | undefined;
  const db = createPrismaClient({ databaseUrl: env.DATABASE_URL });
  const logger = createLogger("web");
  const engineClient = (): Promise<EngineClient> => {
    if (!engine && Date.now() - failedAt < RECONNECT_AFTER_MS)
      return Promise.reject(new Error("Temporal was unreachable moments ago"));
    engine ??= connectEngine({
      ...temporalConnection,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      // instrumentation.ts registered a tracer provider: runs join their request's trace.
      traced: env.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined,
    }).catch((err: unknown) => {
      engine = undefined;
      failedAt = Date.now();
      throw err;
    });
    return engine;
  };
  return {
    production: env.NODE_ENV === "production",
    db,
    engine: engineClient,
    logger,
    webhookMaxBytes: env.SWITCHYARD_WEBHOOK_MAX_BYTES,
    minScheduleIntervalMs: env.SWITCHYARD_MIN_SCHEDULE_INTERVAL,
    workspaceWebhookRate: {
      perSecond: env.SWITCHYARD_WORKSPACE_WEBHOOK_RATE,
      burst: env.SWITCHYARD_WORKSPACE_WEBHOOK_BURST,
    },
    keyRing: () => (keyRing ??= parseKeyRing(env)),
    http: createHttpClient(httpConfigFrom(env)),
    baseUrls: env.SWITCHYARD_API_BASE_URLS,
    runWaits: createRunWaits(listenTo(env.DATABASE_URL, RUN_FINISHED_CHANNEL)),
    dispatcher: createDispatcher({ db, logger, engineClient }),
    refusals: refusalTallyFor({ db, logger }),
    hookSecrets: new Map(),
    oauth: {
      clients: env.SWITCHYARD_OAUTH_CLIENTS,
      secret: env.SWITCHYARD_SECRET,
      publicUrl: env.SWITCHYARD_PUBLIC_URL.replace(/\/+$/, ""),
    },
  };
}

// One set per server process; survives Next's dev-mode module reloads.
const g = globalThis as { __switchyardServices?: Services };
export const services = (): Services => (g.__switchyardServices ??= createServices());
