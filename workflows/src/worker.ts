import { fileURLToPath } from "node:url";
import { bundleWorkflowCode, type NativeConnection, Worker, type WorkflowBundleOption } from "@temporalio/worker";
import { createActivities, type ActivityDeps } from "./activities";
import { inRunContext, runLogInterceptor } from "./observability/run-log-context";
import { assertLinearRegExps, enableLinearRegExps } from "./regexp-engine";

export const interpreterPath = fileURLToPath(new URL("./interpreter/index.ts", import.meta.url));

/** Bundling takes seconds; tests and benches bundle once and share the result. */
export function bundleInterpreter(): Promise<{ code: string }> {
  return bundleWorkflowCode({ workflowsPath: interpreterPath, logger: quietBundlerLogger });
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
}

export async function createWorker({
  connection,
  namespace,
  taskQueue,
  deps,
  workflowBundle,
}: WorkerConfig): Promise<Worker> {
  // main.ts set the flag first thing; tests and benches come here without it. Either
  // way it is on before the worker starts its workflow threads, or the worker does not start.
  enableLinearRegExps();
  assertLinearRegExps();
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    // Every line an activity logs names its run (run-log-context.ts).
    activities: createActivities({ ...deps, logger: inRunContext(deps.logger) }),
    interceptors: { activity: [runLogInterceptor] },
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: interpreterPath }),
  });
}
