// The worker process: runs interpreter workflows and step activities, plus the outbox relay.
// First of all, before any other module loads: V8's linear-time regex engine (regexp-engine.ts).
import "./enable-linear-regexps";
import { builtinRegistry, createHttpClient, createLogger, httpConfigFrom } from "@switchyard/connectors";
import { createPrismaClient, parseKeyRing } from "@switchyard/db";
import { NativeConnection } from "@temporalio/worker";
import type { ActivityDeps } from "./activities";
import { deliverAlert } from "./activities/notify-alert";
import { interpreterBundle } from "./bundle-interpreter";
import { connectEngine, pingEngine } from "./client";
import { env, taskQueues, temporalConnection } from "./env";
import { startHealthServer } from "./health-server";
import { startEventRetention } from "./events/retention";
import { startRelay } from "./outbox";
import { watchUnpolledQueues } from "./queue-watch";
import { startRunRetention } from "./run-retention";
import { startStepCacheExpiry } from "./step-cache-expiry";
import { resumeTriggersWhenDatabaseAnswers } from "./resume-triggers";
import { createEmailNotifier } from "./notify/email";
import { createMetricsHandler, watchOutboxDepth } from "./observability/metrics";
import { installTemporalRuntime } from "./observability/temporal-runtime";
import { startTracing } from "./observability/tracing";
import { createEmailCheckpointChannel } from "./notify/checkpoint-email";
import { createSlackCheckpointChannel } from "./notify/checkpoint-slack";
import { createQueueWorkers, runWorkers } from "./worker";
import { workerTuningFrom } from "./worker-tuning";

const logger = createLogger("worker");
installTemporalRuntime(logger, env.SWITCHYARD_TEMPORAL_METRICS_ADDRESS);
const tracing = env.OTEL_EXPORTER_OTLP_ENDPOINT ? startTracing("switchyard-worker") : undefined;
const db = createPrismaClient({ databaseUrl: env.DATABASE_URL });
watchOutboxDepth(db);
const connection = await NativeConnection.connect(temporalConnection);
const engine = await connectEngine({
  ...temporalConnection,
  namespace: env.TEMPORAL_NAMESPACE,
  taskQueue: env.TEMPORAL_TASK_QUEUE,
  traced: tracing !== undefined,
});
const deps: ActivityDeps = {
  db,
  http: createHttpClient(httpConfigFrom(env)),
  keyRing: env.SWITCHYARD_ENCRYPTION_KEY ? parseKeyRing(env) : undefined,
  baseUrls: env.SWITCHYARD_API_BASE_URLS,
  oauthClients: env.SWITCHYARD_OAUTH_CLIENTS,
  registry: builtinRegistry,
  logger,
  stepCacheEntries: env.SWITCHYARD_STEP_CACHE_ENTRIES,
  publicUrl: env.SWITCHYARD_PUBLIC_URL,
  notifier: env.SMTP_URL
    ? createEmailNotifier({
        smtpUrl: env.SMTP_URL,
        from: env.SWITCHYARD_MAIL_FROM,
        publicUrl: env.SWITCHYARD_PUBLIC_URL,
      })
    : undefined,
};
// Approval mail's links are signed with a key derived from the key ring, so it needs both.
if (env.SMTP_URL && deps.keyRing)
  (deps.checkpointChannels ??= []).push(
    createEmailCheckpointChannel({
      smtpUrl: env.SMTP_URL,
      from: env.SWITCHYARD_MAIL_FROM,
      publicUrl: env.SWITCHYARD_PUBLIC_URL,
      db,
      keyRing: deps.keyRing,
      logger,
    }),
  );
else if (env.SMTP_URL)
  logger.warn("checkpoints send no mail: SWITCHYARD_ENCRYPTION_KEY is not set, and mail links need it");
// Always there: it acts only on checkpoints whose channels include slack, through their own connection.
(deps.checkpointChannels ??= []).push(createSlackCheckpointChannel(deps));
// Only the default queue's worker runs workflows; a process serving connector queues alone needs no bundle.
const runsWorkflows = taskQueues.served.some((q) => q.name === taskQueues.defaultQueue);
const interpreter = runsWorkflows ? await interpreterBundle({ traced: tracing !== undefined }) : undefined;
// Worker.create reads the bundle once (SDK 1.24: getOrCreateBundle), so the file can go after.
const workers = await createQueueWorkers(
  {
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    deps,
    workflowBundle: interpreter?.bundle,
    shutdownGraceTimeMs: env.SWITCHYARD_WORKER_SHUTDOWN_GRACE,
    tracing,
    tuning: workerTuningFrom(env),
  },
  taskQueues,
).finally(() => interpreter?.remove());
const stopRelay = startRelay(db, engine, logger, {
  intervalMs: env.SWITCHYARD_RELAY_INTERVAL_MS,
  graceMs: 10_000,
  batchSize: 100,
  // Runs the relay gives up on are alerted like failed runs.
  notify: (alertId) =>
    deliverAlert(deps, alertId).catch((err: unknown) =>
      logger.warn("alert not delivered", { alertId, error: err instanceof Error ? err.message : String(err) }),
    ),
});

const stopRetention = startEventRetention(db, logger, {
  retentionMs: env.SWITCHYARD_EVENT_RETENTION,
  intervalMs: 60 * 60_000,
  batchSize: 1_000,
  pauseMs: 1_000,
});

const stopRunRetention =
  env.SWITCHYARD_RUN_RETENTION === undefined
    ? undefined
    : startRunRetention(db, logger, {
        retentionMs: env.SWITCHYARD_RUN_RETENTION,
        intervalMs: 60 * 60_000,
        // A run takes its step rows with it (its fan-out items go first, in statements of their own).
        batchSize: 200,
        pauseMs: 1_000,
      });

// Expired entries are never taken: removing them only frees their room, so hourly is enough.
const stopCacheExpiry = startStepCacheExpiry(db, logger, { intervalMs: 60 * 60_000, batchSize: 1_000, pauseMs: 1_000 });

const stopping = new AbortController();
void resumeTriggersWhenDatabaseAnswers(db, engine, logger, stopping.signal);
// The workers that route steps tell of connector queues nobody serves (after a minute: others start too).
const stopQueueWatch =
  runsWorkflows && Object.keys(taskQueues.connectorQueues).length
    ? watchUnpolledQueues(engine, taskQueues, logger, { firstMs: 60_000, everyMs: 5 * 60_000 })
    : undefined;
const health =
  env.SWITCHYARD_WORKER_HEALTH_PORT > 0
    ? await startHealthServer({
        port: env.SWITCHYARD_WORKER_HEALTH_PORT,
        checks: { database: () => db.$queryRaw`select 1`, temporal: () => pingEngine(engine) },
        routes: {
          "/metrics": createMetricsHandler({
            temporalMetricsAddress: env.SWITCHYARD_TEMPORAL_METRICS_ADDRESS,
            token: env.SWITCHYARD_METRICS_TOKEN,
          }),
        },
      })
    : undefined;
logger.info("worker started", {
  taskQueues: taskQueues.served.map(({ name, concurrency }) => (concurrency ? `${name}:${concurrency}` : name)),
  connectorQueues: taskQueues.connectorQueues,
  temporal: env.TEMPORAL_ADDRESS,
  healthPort: health?.port,
});
// Each Worker.run() resolves after the SDK's own SIGINT/SIGTERM handling: polling stops at once, running
// steps get SWITCHYARD_WORKER_SHUTDOWN_GRACE to finish, then are cancelled (and retried elsewhere).
await runWorkers(workers);
stopping.abort();
stopQueueWatch?.();
await Promise.all([stopRelay(), stopRetention(), stopRunRetention?.(), stopCacheExpiry(), health?.close()]);
await Promise.all([engine.close(), connection.close(), db.$disconnect(), tracing?.shutdown()]);
logger.info("worker stopped");
