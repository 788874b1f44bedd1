import { randomBytes } from "node:crypto";
import {
  builtinRegistry,
  createHttpClient,
  type HttpClientPool,
  type Logger,
  type OAuthClient,
  type Registry,
} from "@switchyard/connectors";
import type { Db, KeyRing } from "@switchyard/db";
import {
  connectEngine,
  createWorker,
  type AlertNotifier,
  type CheckpointChannel,
  type EngineClient,
  type Tracing,
} from "@switchyard/workflows/worker";
import { DefaultLogger, NativeConnection, Runtime, type Worker, type WorkflowBundleOption } from "@temporalio/worker";
import { afterAll, beforeAll, inject } from "vitest";
import { startSink, type Sink } from "../sink";
import "./provided";

export const uniqueTaskQueue = (label = "test") => `${label}-${randomBytes(6).toString("hex")}`;

export function testTemporalConfig(taskQueue: string) {
  return { address: inject("temporalAddress"), namespace: inject("temporalNamespace"), taskQueue };
}

export function connectTestEngine(taskQueue: string): Promise<EngineClient> {
  return connectEngine(testTemporalConfig(taskQueue));
}

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

let runtimeInstalled = false;
/** Expected step failures would otherwise flood test output with SDK warnings. */
export function installQuietRuntime() {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger("ERROR") });
  runtimeInstalled = true;
}

const silentLogger = { info() {}, warn() {}, error() {} };

/** Starts an in-process worker on the shared dev server, using the prebuilt bundle. */
export interface TestWorkerOptions {
  registry?: Registry;
  notifier?: AlertNotifier;
  keyRing?: KeyRing;
  baseUrls?: Record<string, string>;
  oauthClients?: Record<string, OAuthClient>;
  /** Default: SSRF guard off, since tests talk to loopback fakes. */
  http?: HttpClientPool;
  checkpointChannels?: CheckpointChannel[];
  /** Another Temporal server than the shared one (startOwnTemporal), in its default namespace. */
  address?: string;
  /** The clock remembered step results expire by: a test moves it rather than waiting. */
  now?: () => Date;
  /** Remembered results kept per step (default 1,000). */
  stepCacheEntries?: number;
  /** Where the worker's activities log (default: nowhere); a test reads its lines. */
  logger?: Logger;
  /** Spans for activities and, with a traced bundle (`workflowBundle`), the workflow. */
  tracing?: Tracing;
  /** Default: the interpreter bundle the global setup built. */
  workflowBundle?: WorkflowBundleOption;
  /** Connector slug → task queue, as SWITCHYARD_CONNECTOR_TASK_QUEUES gives it (each run learns it from beginRun). */
  connectorQueues?: Record<string, string>;
  /** A connector queue's worker: activities only, at most `activityConcurrency` at once. */
  activitiesOnly?: boolean;
  activityConcurrency?: number;
}

export async function startTestWorker(opts: { db: Db; taskQueue: string } & TestWorkerOptions): Promise<RunningWorker> {
  installQuietRuntime();
  const connection = await NativeConnection.connect({ address: opts.address ?? inject("temporalAddress") });
  const worker = await createWorker({
    connection,
    namespace: opts.address ? "default" : inject("temporalNamespace"),
    taskQueue: opts.taskQueue,
    // Tests talk to loopback fakes, so the SSRF guard is off here (ssrf tests turn it on).
    deps: {
      db: opts.db,
      registry: opts.registry ?? builtinRegistry,
      logger: opts.logger ?? silentLogger,
      notifier: opts.notifier,
      http: opts.http ?? createHttpClient({ ssrf: { enabled: false, allowHosts: [] } }),
      keyRing: opts.keyRing,
      baseUrls: opts.baseUrls ?? {},
      oauthClients: opts.oauthClients,
      checkpointChannels: opts.checkpointChannels,
      now: opts.now,
      stepCacheEntries: opts.stepCacheEntries,
      connectorQueues: opts.connectorQueues,
    },
    workflowBundle: opts.workflowBundle ?? { codePath: inject("workflowBundlePath") },
    tracing: opts.tracing,
    activitiesOnly: opts.activitiesOnly,
    activityConcurrency: opts.activityConcurrency,
  });
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === "RUNNING") worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

export interface EngineHarness {
  sink: Sink;
  engine: EngineClient;
  taskQueue: string;
}

/** For the calling test file: a sink, an engine client and a worker on a private task queue. */
/** Options are thunks so they may use values created in earlier beforeAll hooks. */
export function useEngine(
  t: { db: Db },
  label: string,
  options: { [K in keyof TestWorkerOptions]?: () => TestWorkerOptions[K] } = {},
): EngineHarness {
  const h = { taskQueue: uniqueTaskQueue(label) } as EngineHarness;
  let worker: RunningWorker | undefined;
  beforeAll(async () => {
    h.sink = await startSink();
    h.engine = await connectTestEngine(h.taskQueue);
    worker = await startTestWorker({
      db: t.db,
      taskQueue: h.taskQueue,
      registry: options.registry?.(),
      notifier: options.notifier?.(),
      keyRing: options.keyRing?.(),
      baseUrls: options.baseUrls?.(),
      oauthClients: options.oauthClients?.(),
      http: options.http?.(),
      checkpointChannels: options.checkpointChannels?.(),
      now: options.now?.(),
      stepCacheEntries: options.stepCacheEntries?.(),
      logger: options.logger?.(),
      tracing: options.tracing?.(),
      workflowBundle: options.workflowBundle?.(),
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await h.engine?.close();
    await h.sink?.close();
  });
  return h;
}
