// What web needs from the engine: start runs and read live state. No worker code here.
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from "@temporalio/client";
import { INTERPRETER_WORKFLOW, POLLER_WORKFLOW, pollNowSignal, runStateQuery, workflowIdForPoller, workflowIdForRun, type RunResult, type RunStart } from "./interpreter/contract";

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

const GRPC_RESOURCE_EXHAUSTED = 8;

/** gRPC's refusal of a request over the server's message size limit (4 MiB), which no retry can get through. */
export const isMessageTooLarge = (status: { code: number; details: string }): boolean => status.code === GRPC_RESOURCE_EXHAUSTED && /larger than max/i.test(status.details);

/**
 * The SDK's retry policy, except for oversized requests: it retries every
 * RESOURCE_EXHAUSTED as if Temporal were overloaded, which held a 6 MB start
 * request (and the webhook answering it) for about 37 s before failing anyway.
 */
function retryInterceptor() {
  const retry = defaultGrpcRetryOptions();
  return makeGrpcRetryInterceptor({ delayFunction: retry.delayFunction, retryableDecider: (attempt, status) => !isMessageTooLarge(status) && retry.retryableDecider(attempt, status) });
}

export async function connectEngine(config: TemporalConfig): Promise<EngineClient> {
  const connection = await Connection.connect({ address: config.address, connectTimeout: "3s", interceptors: [retryInterceptor()] });
  const temporal = new Client({ connection, namespace: config.namespace });
  return { temporal, taskQueue: config.taskQueue, close: () => connection.close() };
}

export type StartRunArgs = RunStart;

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
 * Makes a workflow's poller poll now, starting it if none runs: after a save
 * or an enable (new interval, new trigger). The poller ends itself when the
 * workflow is disabled or stops polling.
 */
export async function ensurePoller(engine: EngineClient, workflowId: string): Promise<void> {
  await engine.temporal.workflow.signalWithStart(POLLER_WORKFLOW, {
    workflowId: workflowIdForPoller(workflowId),
    taskQueue: engine.taskQueue,
    args: [workflowId],
    signal: pollNowSignal,
  });
}

/** Wakes a running poller (after a disable, so it ends now); nothing to do if none runs. */
export async function wakePoller(engine: EngineClient, workflowId: string): Promise<void> {
  try {
    await engine.temporal.workflow.getHandle(workflowIdForPoller(workflowId)).signal(pollNowSignal);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
}
