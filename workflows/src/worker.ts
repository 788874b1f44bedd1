import { fileURLToPath } from "node:url";
import { bundleWorkflowCode, type NativeConnection, Worker, type WorkflowBundleOption } from "@temporalio/worker";
import { createActivities, type ActivityDeps } from "./activities";
import { inRunContext, runLogInterceptor } from "./observability/run-log-context";
import { workflowTracingModule, type Tracing } from "./observability/tracing";
import { assertLinearRegExps, enableLinearRegExps } from "./regexp-engine";
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
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: interpreterPath }),
    ...(shutdownGraceTimeMs !== undefined && {
      shutdownGraceTime: shutdownGraceTimeMs,
      shutdownForceTime: shutdownGraceTimeMs + FORCE_AFTER_GRACE_MS,
    }),
  });
}
