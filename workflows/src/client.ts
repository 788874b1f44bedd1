// Talking to Temporal as a client: connect, start and cancel runs, tell whose fault a failed start is,
// wake pollers, read live state. No worker code here; web reaches it through engine/.
import { status } from "@grpc/grpc-js";
import {
  Client,
  Connection,
  defaultGrpcRetryOptions,
  isGrpcServiceError,
  makeGrpcRetryInterceptor,
  NamespaceNotFoundError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from "@temporalio/client";
import {
  INTERPRETER_WORKFLOW,
  POLLER_WORKFLOW,
  pollNowSignal,
  runStateQuery,
  liveStepsQuery,
  type LiveStep,
  workflowIdForPoller,
  workflowIdForRun,
  type RunResult,
  type RunStart,
} from "./interpreter/contract";
import type { TemporalConnectionOptions } from "./config";
import { OpenTelemetryWorkflowClientInterceptor } from "@temporalio/interceptors-opentelemetry/lib/client";

export { workflowIdForRun } from "./interpreter/contract";
export type { RunResult, RunStatus, StepState, StepStatus } from "./interpreter/contract";

export interface TemporalConfig extends TemporalConnectionOptions {
  namespace: string;
  taskQueue: string;
}

export interface EngineClient {
  temporal: Client;
  taskQueue: string;
  close(): Promise<void>;
}

/** gRPC's refusal of a request over the server's message size limit (4 MiB), which no retry can get through. */
const isMessageTooLarge = (s: { code: number; details: string }): boolean =>
  s.code === status.RESOURCE_EXHAUSTED && /larger than max/i.test(s.details);

/**
 * Whose fault a failed start is:
 * - `refused`: Temporal will never take this run (its id or its input is over a limit);
 * - `unattributed`: a refusal (INVALID_ARGUMENT) that names neither: a configuration
 *   error (a task queue name, a timeout) refuses every run the same way, so it is
 *   this run's only if the start of another run gets through;
 * - `rejected`: Temporal answers, but for a reason no run causes (credentials,
 *   permissions, a missing namespace, a fault of its own): every start fails alike;
 * - `unreachable`: Temporal cannot be reached, or is overloaded, even after the
 *   client's own retries;
 * - `error`: not an answer of Temporal's (converting the input, the database).
 */
export type StartErrorKind = "refused" | "unattributed" | "rejected" | "unreachable" | "error";

/** The parts of a start request that differ from run to run are its workflow id and its input, as Temporal words them. */
const ABOUT_THIS_RUN = /\bworkflow ?id\b|\bblob\b|\bpayload/i;

/** Temporal's answers that no start request can cause or cure. */
const REJECTED = new Set<number>([
  status.UNAUTHENTICATED,
  status.PERMISSION_DENIED,
  status.NOT_FOUND,
  status.INTERNAL,
  status.FAILED_PRECONDITION,
  status.UNIMPLEMENTED,
]);
const clientRetries = defaultGrpcRetryOptions().retryableDecider;

const grpcStatusOf = (err: unknown) =>
  isGrpcServiceError(err) ? err : err instanceof Error && isGrpcServiceError(err.cause) ? err.cause : undefined;

export function classifyStartError(err: unknown): StartErrorKind {
  // The client turns Temporal's NOT_FOUND for the namespace into its own error, without the gRPC status.
  if (err instanceof NamespaceNotFoundError) return "rejected";
  const grpc = grpcStatusOf(err);
  if (!grpc) return "error";
  if (isMessageTooLarge(grpc)) return "refused";
  if (grpc.code === status.INVALID_ARGUMENT) return ABOUT_THIS_RUN.test(grpc.details) ? "refused" : "unattributed";
  // What the client retried for seconds (UNAVAILABLE, UNKNOWN, RESOURCE_EXHAUSTED, an INTERNAL from a proxy) or timed out is Temporal out of reach.
  return REJECTED.has(grpc.code) && !clientRetries(1, grpc) ? "rejected" : "unreachable";
}

/** A failed start as one line: the client's message, and Temporal's own words when it answered. */
export function startErrorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const grpc = err instanceof Error && isGrpcServiceError(err.cause) ? err.cause : undefined;
  return grpc ? `${message}: ${grpc.details}` : message;
}

/**
 * The SDK's retry policy, except for oversized requests: it retries every
 * RESOURCE_EXHAUSTED as if Temporal were overloaded, which held a 6 MB start
 * request (and the webhook answering it) for about 37 s before failing anyway.
 */
function retryInterceptor() {
  const retry = defaultGrpcRetryOptions();
  return makeGrpcRetryInterceptor({
    delayFunction: retry.delayFunction,
    retryableDecider: (attempt, s) => !isMessageTooLarge(s) && retry.retryableDecider(attempt, s),
  });
}

/** `traced`: runs started through this client join the caller's trace (the process registered a tracer provider). */
export async function connectEngine(config: TemporalConfig & { traced?: boolean }): Promise<EngineClient> {
  const connection = await Connection.connect({
    address: config.address,
    tls: config.tls,
    apiKey: config.apiKey,
    connectTimeout: "3s",
    interceptors: [retryInterceptor()],
  });
  const temporal = new Client({
    connection,
    namespace: config.namespace,
    ...(config.traced ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } } : {}),
  });
  return { temporal, taskQueue: config.taskQueue, close: () => connection.close() };
}

/** Whether Temporal answers within `timeoutMs`: a cheap call (no namespace, no history) for readiness probes. */
export async function pingEngine(engine: EngineClient, timeoutMs = 2_000): Promise<void> {
  const { connection } = engine.temporal;
  await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.getSystemInfo({}));
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

/** What a running run's steps are, as the workflow holds them: steps it settles itself have no row until the run ends. */
export async function liveRunSteps(engine: EngineClient, runId: string): Promise<Record<string, LiveStep>> {
  return engine.temporal.workflow.getHandle(workflowIdForRun(runId)).query(liveStepsQuery);
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
