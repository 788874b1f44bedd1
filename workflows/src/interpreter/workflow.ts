import { ActivityFailure, ApplicationFailure, CancellationScope, ChildWorkflowFailure, condition, isCancellation, proxyActivities, setHandler, workflowInfo } from "@temporalio/workflow";
import type { Activities } from "../activities";
import type { StepDefinition } from "../definition/schema";
import {
  asTemplate,
  contextFor,
  jsonBytesUpTo,
  LIMIT_MESSAGE,
  limitSize,
  render,
  taskTemplateBudget,
  templateBudget,
  TemplateError,
  TemplateLimitError,
  type TemplateContext,
} from "../definition/template";
import {
  idempotencyKey,
  INLINE_OUTPUT_BYTES,
  runStateQuery,
  type BatchItem,
  type RunInput,
  type RunResult,
  type RunStart,
  type RunStatus,
  type SettledStep,
  type StepError,
  type StepState,
} from "./contract";
import { isEngineOp, MAX_ENGINE_OP_ITEMS, runEngineOp } from "./engine-ops";
import { fanOut } from "./fan-out";
import { gate, isSettled } from "./gate";

const DEFAULT_RETRY = { maxAttempts: 3, initialInterval: "1s", backoffCoefficient: 2, maximumInterval: "1m" } as const;

const { finishRun, finishFanOut, renderTemplates } = proxyActivities<Activities>({
  startToCloseTimeout: "1 minute",
  retry: { maximumAttempts: 10 },
});

const { notifyAlert } = proxyActivities<Activities>({
  startToCloseTimeout: "1 minute",
  retry: { maximumAttempts: 5, initialInterval: "5 seconds" },
});

function stepActivity(step: StepDefinition) {
  const retry = step.retry ?? DEFAULT_RETRY;
  return proxyActivities<Activities>({
    activityId: step.id,
    startToCloseTimeout: step.timeout ?? "5 minutes",
    // Lets a crashed worker's attempt be retried elsewhere within seconds, and delivers cancellation.
    heartbeatTimeout: "15 seconds",
    retry: {
      maximumAttempts: retry.maxAttempts,
      initialInterval: retry.initialInterval,
      backoffCoefficient: retry.backoffCoefficient,
      maximumInterval: retry.maximumInterval,
    },
  }).executeStep;
}

function errorOf(err: unknown): StepError {
  let cause = err;
  // A chunked fan-out's error sits under its child workflow's failure too.
  while ((cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) && cause.cause) cause = cause.cause;
  if (cause instanceof ApplicationFailure) return { message: cause.message, type: cause.type ?? undefined };
  if (cause instanceof Error) return { message: cause.message, type: cause.name };
  return { message: String(cause) };
}

const now = () => new Date(Date.now()).toISOString();

// Sizes, in bytes of JSON, of what passes through Temporal: one payload carries at most
// 2 MiB, and a value over that fails the workflow task, so the run would never finish.
/** A forEach list is not kept in the run's state or record; it travels once, split into batches. */
const FOR_EACH_LIST_BYTES = 16 * INLINE_OUTPUT_BYTES;
/** The records of every step settled in the workflow travel together, to finishRun. */
const RECORDS_BYTES = 16 * INLINE_OUTPUT_BYTES;
/**
 * A connector step's rendered inputs travel once, to its activity, and are not kept in the run's
 * state: room to forward a sizeable webhook body, while a few of them started together still fit
 * one workflow task's message.
 */
const CONNECTOR_INPUT_BYTES = 4 * INLINE_OUTPUT_BYTES;
/** A payload's limit, less room for its envelope: what one activity or child workflow may be sent. */
const ACTIVITY_INPUT_BYTES = 2 * 1024 * 1024 - 64 * 1024;

/** How a size error names a step's rendered `with`. */
const INPUTS = "the step's rendered inputs";

const sizeError = (bound: string) => new TemplateLimitError(`${LIMIT_MESSAGE}: ${bound}`, bound);

/**
 * The one interpreter for every definition: starts each step as soon as its
 * needs are settled, so independent branches run concurrently; a failed step
 * skips only its own descendants.
 */
async function interpret(input: RunInput): Promise<RunResult> {
  const state: Record<string, StepState> = {};
  for (const step of input.steps) state[step.id] = { status: "pending" };
  let status: RunStatus = "running";
  setHandler(runStateQuery, () => ({ status, steps: state }));

  const settledInWorkflow: Record<string, SettledStep> = {};
  const settle = (id: string, s: StepState, extra: Omit<SettledStep, keyof StepState> = {}) => {
    state[id] = s;
    settledInWorkflow[id] = { ...s, ...extra };
  };
  let recordBytes = 0;
  /** Counts data toward the records finishRun carries; false, counting nothing, when it does not fit. */
  const fitsRecords = (data: unknown): boolean => {
    const bytes = jsonBytesUpTo(data, RECORDS_BYTES - recordBytes);
    if (bytes === Infinity) return false;
    recordBytes += bytes;
    return true;
  };
  const recordsFull = () => sizeError(`size (the records of the steps this run settles in the workflow: more than ${RECORDS_BYTES} bytes of JSON together)`);
  const runInfo = { id: input.runId, startedAt: workflowInfo().startTime.toISOString() };
  const context = (): TemplateContext => ({
    trigger: input.trigger,
    steps: Object.fromEntries(Object.entries(state).map(([id, s]) => [id, { output: s.output, error: s.error, status: s.status, stored: s.stored }])),
    workflow: { name: input.workflowName },
    run: runInfo,
  });

  // Claim-checked outputs stay in Postgres; templates that may read them render in an activity.
  const holdsStoredOutput = (c: TemplateContext) => Object.values(c.steps).some((s) => s.stored);
  // Templates rendered here run synchronously within a workflow task, many at a time (parallel or
  // chained pure steps): together they spend one budget per task, so no task nears the sandbox's
  // 5 s limit. A new task is one with a longer history.
  let task = { historyLength: -1, budget: taskTemplateBudget() };
  const taskBudget = () => {
    const { historyLength } = workflowInfo();
    if (historyLength !== task.historyLength) task = { historyLength, budget: taskTemplateBudget() };
    return task.budget;
  };
  const renderInActivity = (value: unknown, c: TemplateContext, what: string, maxBytes: number) => {
    limitSize({ value, context: c }, ACTIVITY_INPUT_BYTES, "the data these templates read");
    return renderTemplates({ runId: input.runId, value, context: c, what, maxBytes });
  };
  /**
   * Renders `value` against only the part of the context its templates read, here or in an
   * activity; either way the result is JSON of at most `maxBytes`, since it travels through
   * Temporal and may stay in the run's state.
   */
  const renderValue = async (value: unknown, full: TemplateContext, what: string, maxBytes = INLINE_OUTPUT_BYTES): Promise<unknown> => {
    const c = contextFor(value, full);
    if (holdsStoredOutput(c)) return renderInActivity(value, c, what, maxBytes);
    let rendered: unknown;
    try {
      rendered = await render(value, c, templateBudget(taskBudget()));
    } catch (err) {
      // Too much work for the sandbox is not too much for a worker thread: there only the hard
      // limits (and a timeout) fail the step. Running out is deterministic, so replays take the same path.
      if (err instanceof TemplateLimitError && err.budget) return renderInActivity(value, c, what, maxBytes);
      throw err;
    }
    limitSize(rendered, maxBytes, what);
    return rendered;
  };

  /** The forEach list; inputs per item are rendered later, where the item runs. */
  const forEachList = async (step: StepDefinition, c: TemplateContext): Promise<unknown[]> => {
    const list = await renderValue(step.forEach, c, "the forEach list", FOR_EACH_LIST_BYTES);
    if (!Array.isArray(list)) throw new TemplateError(`forEach must resolve to an array, not ${list === null ? "null" : typeof list}`);
    return list;
  };

  const runForEach = async (step: StepDefinition, startedAt: string): Promise<void> => {
    const c = context();
    const list = await forEachList(step, c);
    const items: BatchItem[] = list.map((item, index) => ({ index, item }));
    if (isEngineOp(step.uses)) {
      if (items.length > MAX_ENGINE_OP_ITEMS) throw sizeError(`size (a forEach of ${step.uses} may have ${MAX_ENGINE_OP_ITEMS} items, not ${items.length})`);
      const outputs = [];
      let bytes = 2;
      for (const { item, index } of items) {
        const { output } = await runEngineOp(step, (await renderValue(step.with, { ...c, item, index }, INPUTS)) as Record<string, unknown>, state);
        bytes += 1 + jsonBytesUpTo(output ?? null, INLINE_OUTPUT_BYTES);
        if (bytes > INLINE_OUTPUT_BYTES) throw sizeError(`size (the step's output: more than ${INLINE_OUTPUT_BYTES} bytes of JSON)`);
        outputs.push(output);
      }
      const record = { input: { count: items.length }, startedAt, endedAt: now() };
      if (!fitsRecords([record.input, outputs])) throw recordsFull();
      settle(step.id, { status: "succeeded", output: outputs }, record);
      return;
    }
    const batchContext = contextFor(step.with, c);
    // Every batch, and every chunk of a large fan-out, carries the context and some of the items.
    limitSize({ items, with: step.with, context: batchContext }, ACTIVITY_INPUT_BYTES, "the data a forEach batch carries");
    let error: StepError | undefined;
    let outputs: unknown[] | undefined;
    try {
      const result = await fanOut({ runId: input.runId, step, items, context: batchContext });
      outputs = result.outputs;
      if (result.firstError) {
        error = { message: `${result.failed} of ${items.length} items failed; first: item ${result.firstError.index}: ${result.firstError.error.message}`, type: "FanOutError" };
      }
    } catch (err) {
      if (isCancellation(err)) throw err;
      // A batch that failed for good (e.g. an unknown connection) fails the step like failed items do.
      error = errorOf(err);
    }
    // The step's row (with the full output array) is assembled in Postgres, not sent through Temporal.
    await finishFanOut({ runId: input.runId, stepId: step.id, count: items.length, error, input: { forEach: step.forEach, count: items.length }, startedAt });
    state[step.id] = error
      ? { status: "failed", error, ...(step.continueOnError ? { continued: true } : {}) }
      : { status: "succeeded", ...(outputs ? { output: outputs } : { stored: "items" }) };
  };

  const run = async (step: StepDefinition): Promise<void> => {
    state[step.id] = { status: "running" };
    const startedAt = now();
    let rendered: Record<string, unknown> | undefined;
    try {
      // Own keys only: a step named "constructor" must not find Object.prototype's.
      if (input.reuse && Object.hasOwn(input.reuse, step.id)) {
        // Counted, not refused: it came in the run's input, which is bounded like a payload.
        recordBytes += jsonBytesUpTo(input.reuse[step.id] ?? null, Infinity);
        settle(step.id, { status: "succeeded", output: input.reuse[step.id], reason: "reused" }, { startedAt, endedAt: startedAt });
      } else if (step.if && !(await renderValue(asTemplate(step.if), context(), "the step's condition"))) {
        settle(step.id, { status: "skipped", reason: "condition" }, { startedAt, endedAt: now() });
      } else if (step.forEach) {
        await runForEach(step, startedAt);
      } else {
        rendered = (await renderValue(step.with, context(), INPUTS, isEngineOp(step.uses) ? INLINE_OUTPUT_BYTES : CONNECTOR_INPUT_BYTES)) as Record<string, unknown>;
        if (isEngineOp(step.uses)) {
          const { output, halts } = await runEngineOp(step, rendered, state);
          limitSize(output, INLINE_OUTPUT_BYTES, "the step's output");
          if (!fitsRecords([rendered, output])) throw recordsFull();
          settle(step.id, { status: "succeeded", output, ...(halts ? { halts } : {}) }, { input: rendered, startedAt, endedAt: now() });
        } else {
          const outcome = await stepActivity(step)({
            runId: input.runId,
            stepId: step.id,
            uses: step.uses,
            with: rendered,
            ...(step.connection ? { connection: step.connection } : {}),
            idempotencyKey: idempotencyKey(input.runId, step.id),
            maxAttempts: (step.retry ?? DEFAULT_RETRY).maxAttempts,
            marksRunStarted: step.needs.length === 0,
          });
          state[step.id] = { status: "succeeded", ...outcome };
        }
      }
    } catch (err) {
      if (isCancellation(err)) {
        settle(step.id, { status: "cancelled" }, { startedAt, endedAt: now() });
        return;
      }
      const failed: StepState = { status: "failed", error: errorOf(err), ...(step.continueOnError ? { continued: true } : {}) };
      // executeStep records its own failures; the rest (templates, also those rendered in an activity, engine ops) are recorded here.
      if (err instanceof ActivityFailure && err.activityType === "executeStep") state[step.id] = failed;
      // The inputs are kept with the failure while the records have room for them.
      else settle(step.id, failed, { input: rendered !== undefined && fitsRecords(rendered) ? rendered : undefined, startedAt, endedAt: now() });
    }
    schedule();
  };

  const schedule = (): void => {
    let changed = true;
    // Skips cascade within one pass; launched steps re-enter when they settle.
    while (changed) {
      changed = false;
      for (const step of input.steps) {
        if (state[step.id]!.status !== "pending") continue;
        const g = gate(step, state);
        if (g.kind === "wait") continue;
        if (g.kind === "skip") {
          settle(step.id, g.state);
          changed = true;
        } else void run(step);
      }
    }
  };

  let engineError: StepError | undefined;
  try {
    schedule();
    await condition(() => Object.values(state).every(isSettled));
    status = finalStatus(Object.values(state));
  } catch (err) {
    if (!isCancellation(err)) engineError = errorOf(err);
    status = engineError ? "failed" : "cancelled";
    for (const [id, s] of Object.entries(state)) if (!isSettled(s)) settle(id, { status: "cancelled" });
  }
  // The run's record must be written even when the run itself was cancelled.
  await CancellationScope.nonCancellable(async () => {
    const { alertId } = await finishRun({ runId: input.runId, status, settledInWorkflow, error: engineError });
    if (!alertId) return;
    // A mail outage must not fail the run: the alert is already in the feed.
    await notifyAlert({ alertId }).catch(() => undefined);
  });
  return { status, steps: state };
}

function finalStatus(steps: StepState[]): RunStatus {
  const failed = steps.some((s) => s.status === "failed");
  const succeeded = steps.some((s) => s.status === "succeeded");
  if (!failed) return "succeeded";
  return succeeded ? "partially_succeeded" : "failed";
}

// Runs whose input is too large to start inline (startInputOf in runs.ts) arrive with their id only.
const { loadRunInput } = proxyActivities<Activities>({
  startToCloseTimeout: "1 minute",
  retry: { maximumAttempts: 10 },
});

/** The interpreter workflow: its input comes inline, or is loaded from Postgres first. */
export async function interpretRun(start: RunStart): Promise<RunResult> {
  if (!("inputStored" in start)) return interpret(start);
  let input: RunInput;
  try {
    input = await loadRunInput({ runId: start.runId });
  } catch (err) {
    // A run that cannot get its input still ends with a record and an alert, rather than staying queued.
    const status: RunStatus = isCancellation(err) ? "cancelled" : "failed";
    const error = status === "failed" ? errorOf(err) : undefined;
    await CancellationScope.nonCancellable(async () => {
      const { alertId } = await finishRun({ runId: start.runId, status, settledInWorkflow: {}, error });
      if (alertId) await notifyAlert({ alertId }).catch(() => undefined);
    });
    return { status, steps: {} };
  }
  return interpret(input);
}
