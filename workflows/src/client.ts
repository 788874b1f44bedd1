// What web needs from the engine: start runs and read live state. No worker code here.
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from "@temporalio/client";
import { INTERPRETER_WORKFLOW, POLLER_WORKFLOW, runStateQuery, workflowIdForPoller, workflowIdForRun, type RunInput, type RunResult } from "./interpreter/contract";

export { workflowIdForRun } from "./interpreter/contract";
export type { RunResult, RunStatus, StepState, StepStatus } from "./interpreter/contract";

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
}

export interface EngineClient {
  temporal: Client;
  taskQueue: string;
  close(): Promise<void>;
}

export async function connectEngine(config: TemporalConfig): Promise<EngineClient> {
  const connection = await Connection.connect({ address: config.address, connectTimeout: "3s" });
  const temporal = new Client({ connection, namespace: config.namespace });
  return { temporal, taskQueue: config.taskQueue, close: () => connection.close() };
}

export type StartRunArgs = RunInput;

/**
 * Starts the interpreter for a run. Idempotent: the workflow id is derived from
 * the run id, so a retry (or the relay racing the web) never starts it twice.
 */
export async function startRun(engine: EngineClient, args: StartRunArgs): Promise<void> {
  try {
    await engine.temporal.workflow.start(INTERPRETER_WORKFLOW, {
      workflowId: workflowIdForRun(args.runId),
      taskQueue: engine.taskQueue,
      args: [args],
      workflowIdReusePolicy: "REJECT_DUPLICATE",
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return;
    throw err;
  }
}

export async function queryRunState(engine: EngineClient, runId: string): Promise<RunResult> {
  return engine.temporal.workflow.getHandle(workflowIdForRun(runId)).query(runStateQuery);
}

/** Requests cancellation; in-flight steps receive it and the run ends `cancelled`. */
export async function cancelRun(engine: EngineClient, runId: string): Promise<void> {
  await engine.temporal.workflow.getHandle(workflowIdForRun(runId)).cancel();
}

/**
 * Makes sure a workflow's polling trigger is being polled: starts its poller
 * unless one is running. The poller ends itself when the workflow is disabled
 * or stops polling, so callers only ever need to call this after enabling or
 * saving a workflow with a polling trigger.
 */
export async function ensurePoller(engine: EngineClient, workflowId: string): Promise<void> {
  await engine.temporal.workflow.start(POLLER_WORKFLOW, {
    workflowId: workflowIdForPoller(workflowId),
    taskQueue: engine.taskQueue,
    args: [workflowId],
    workflowIdConflictPolicy: "USE_EXISTING",
  });
}
