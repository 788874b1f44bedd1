import { fileURLToPath } from "node:url";
import { bundleWorkflowCode, type NativeConnection, Worker, type WorkflowBundleOption } from "@temporalio/worker";
import { createActivities, type ActivityDeps } from "./activities";
import { inRunContext, runLogInterceptor } from "./observability/run-log-context";
import { workflowTracingModule, type Tracing } from "./observability/tracing";
import { assertLinearRegExps, enableLinearRegExps } from "./regexp-engine";
import type { TaskQueues } from "./task-queues";
import type { WorkerTuning } from "./worker-tuning";

export const interpreterPath = fileURLToPath(new URL("./interpreter/index.ts", import.meta.url));

/**
 * Bundling takes seconds; tests and benches bundle once and share the result. A traced bundle
 * carries OpenTelemetry's workflow interceptors, for a worker created with `tracing`.
 */
export function bundleInterpreter({ traced = false } = {}): Promise<{ code: string }> {
  return bundleWorkflowCode({
    workflowsPath: interpreterPath,
    logger: quietBundlerLogger,
    ...(traced ? { workflowInterceptorModules: [workflowTracingModule] } : {}),
  });
}

const quietBundlerLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

export interface WorkerConfig {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  workflowBundle?: WorkflowBundleOption;
  /** How long a stopping worker lets running activities finish before cancelling them (SDK default: 0). */
  shutdownGraceTimeMs?: number;
  /** Spans for activities and, with a traced bundle, the workflow (startTracing). */
  tracing?: Tracing;
  /** Polls for activities only: a connector's queue, where the default queue's workflows send its steps. */
  activitiesOnly?: boolean;
  /** The most activities this worker runs at once, for its queue alone (`queue:n`); else the tuning's. */
  activityConcurrency?: number;
  /** Concurrency, cache and sandbox options (worker-tuning.ts); the SDK's defaults where not given. */
  tuning?: WorkerTuning;
}

/** Past the grace time, cancelled activities get this long to wind down before the worker gives up on them. */
const FORCE_AFTER_GRACE_MS = 10_000;

export async function createWorker({
  connection,
  namespace,
  taskQueue,
  deps,
  workflowBundle,
  shutdownGraceTimeMs,
  tracing,
  activitiesOnly,
  activityConcurrency,
  tuning,
}: WorkerConfig): Promise<Worker> {
  // main.ts set the flag first thing; tests and benches come here without it. Either
  // way it is on before the worker starts its workflow threads, or the worker does not start.
  enableLinearRegExps();
  assertLinearRegExps();
  return Worker.create({
    ...tuning,
    connection,
    namespace,
    taskQueue,
    // Every line an activity logs names its run (run-log-context.ts).
    activities: createActivities({ ...deps, logger: inRunContext(deps.logger) }),
    interceptors: { activity: [runLogInterceptor, ...(tracing ? [tracing.activityInterceptor] : [])] },
    ...(tracing ? { sinks: tracing.sinks } : {}),
    ...(activitiesOnly ? {} : workflowBundle ? { workflowBundle } : { workflowsPath: interpreterPath }),
    ...(activityConcurrency !== undefined && { maxConcurrentActivityTaskExecutions: activityConcurrency }),
    ...(shutdownGraceTimeMs !== undefined && {
      shutdownGraceTime: shutdownGraceTimeMs,
      shutdownForceTime: shutdownGraceTimeMs + FORCE_AFTER_GRACE_MS,
    }),
  });
}

/**
 * A worker for each queue the process serves (one Worker polls one queue), all on one connection.
 * The default queue's runs the workflows, and its beginRun tells each run where its connectors' steps go.
 */
export async function createQueueWorkers(
  config: Omit<WorkerConfig, "taskQueue" | "activitiesOnly" | "activityConcurrency">,
  queues: TaskQueues,
): Promise<Worker[]> {
  const deps = { ...config.deps, connectorQueues: queues.connectorQueues };
  const workers: Worker[] = [];
  for (const { name, concurrency } of queues.served)
    workers.push(
      await createWorker({
        ...config,
        deps,
        taskQueue: name,
        activitiesOnly: name !== queues.defaultQueue,
        activityConcurrency: concurrency,
      }),
    );
  return workers;
}

/**
 * Runs the workers together until each has stopped: on SIGINT/SIGTERM all drain at once (the SDK
 * signals every running worker); one that fails stops the others, and its error is thrown.
 */
export async function runWorkers(workers: Worker[]): Promise<void> {
  const stopOthers = () => {
    for (const w of workers) if (w.getState() === "RUNNING") w.shutdown();
  };
  const results = await Promise.allSettled(
    workers.map((w) =>
      w.run().catch((err: unknown) => {
        stopOthers();
        throw err;
      }),
    ),
  );
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
}
