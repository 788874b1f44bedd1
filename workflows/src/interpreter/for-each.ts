import { isCancellation } from "@temporalio/workflow";
import type { StepDefinition } from "../definition/schema";
import { contextFor, jsonBytesUpTo, limitSize, TemplateError, type TemplateContext } from "../definition/template";
import { finishFanOut } from "./bookkeeping";
import { INLINE_OUTPUT_BYTES, type BatchItem, type StepError } from "./contract";
import { MAX_ENGINE_OP_ITEMS, isEngineOp, runEngineOp } from "./engine-ops";
import { whileEngineUnavailable } from "./engine-unavailable";
import { fanOut } from "./fan-out";
import { incrementalState, itemsToRun, planIncremental, wholeOutput } from "./incremental";
import { ACTIVITY_INPUT_BYTES, FOR_EACH_LIST_BYTES, INPUTS, sizeError } from "./payload-limits";
import { now, type RunScope } from "./run-scope";
import { errorOf } from "./step-error";

/** The forEach list; inputs per item are rendered later, where the item runs. */
async function forEachList(scope: RunScope, step: StepDefinition, c: TemplateContext): Promise<BatchItem[]> {
  const list = await scope.renderValue(step.forEach, c, "the forEach list", FOR_EACH_LIST_BYTES);
  if (!Array.isArray(list))
    throw new TemplateError(`forEach must resolve to an array, not ${list === null ? "null" : typeof list}`);
  return list.map((item, index) => ({ index, item }));
}

/** A forEach of a core operation runs in the workflow, one item after another. */
async function runEngineOpForEach(
  scope: RunScope,
  step: StepDefinition,
  items: BatchItem[],
  c: TemplateContext,
  startedAt: string,
) {
  if (items.length > MAX_ENGINE_OP_ITEMS)
    throw sizeError(`size (a forEach of ${step.uses} may have ${MAX_ENGINE_OP_ITEMS} items, not ${items.length})`);
  const outputs = [];
  let bytes = 2;
  for (const { item, index } of items) {
    const props = (await scope.renderValue(step.with, { ...c, item, index }, INPUTS)) as Record<string, unknown>;
    const { output } = await runEngineOp(step, props, scope.state, scope.input.runId);
    bytes += 1 + jsonBytesUpTo(output ?? null, INLINE_OUTPUT_BYTES);
    if (bytes > INLINE_OUTPUT_BYTES)
      throw sizeError(`size (the step's output: more than ${INLINE_OUTPUT_BYTES} bytes of JSON)`);
    outputs.push(output);
  }
  const record = { input: { count: items.length }, startedAt, endedAt: now() };
  if (!scope.fitsRecords([record.input, outputs])) throw scope.recordsFull();
  scope.settle(step.id, { status: "succeeded", output: outputs }, record);
}

/**
 * A forEach of a connector operation fans out in batches; its record is assembled in Postgres. An
 * incremental one first plans against its memory, and runs only the items the plan leaves.
 */
async function runConnectorForEach(
  scope: RunScope,
  step: StepDefinition,
  items: BatchItem[],
  c: TemplateContext,
  startedAt: string,
) {
  const { runId } = scope.input;
  // An incremental step's key and version templates are rendered in the same context.
  const batchContext = contextFor(step.incremental ? [step.with, step.incremental] : step.with, c);
  // Every batch, and every chunk of a large fan-out, carries the context and some of the items.
  limitSize(
    { items, with: step.with, context: batchContext },
    ACTIVITY_INPUT_BYTES,
    "the data a forEach batch carries",
  );
  const plan = step.incremental
    ? await whileEngineUnavailable(() => planIncremental({ runId, step, items, context: batchContext }))
    : undefined;
  const taskQueue = scope.taskQueueOf(step.uses);
  let error: StepError | undefined;
  let outputs: unknown[] | undefined;
  try {
    const result = await fanOut({
      runId,
      step,
      items: plan ? itemsToRun(items, plan) : items,
      context: batchContext,
      ...(taskQueue ? { taskQueue } : {}),
      // Test and partial runs read the memory but never teach it: their items are samples, not the list.
      ...(plan && step.incremental && !scope.input.testMode && !scope.input.upTo
        ? { incremental: { setting: step.incremental, definitionHash: plan.definitionHash } }
        : {}),
    });
    outputs = plan ? wholeOutput(items.length, plan, result.outputs) : result.outputs;
    if (result.firstError) {
      const { index, error: first } = result.firstError;
      error = {
        message: `${result.failed} of ${items.length} items failed; first: item ${index}: ${first.message}`,
        type: "FanOutError",
      };
    }
  } catch (err) {
    if (isCancellation(err)) throw err;
    // A batch that failed for good (e.g. an unknown connection) fails the step like failed items do.
    error = errorOf(err);
  }
  // The step's row (with the full output array) is assembled in Postgres, not sent through Temporal.
  const counts = await finishFanOut({
    runId,
    stepId: step.id,
    count: items.length,
    error,
    input: { forEach: step.forEach, count: items.length },
    startedAt,
    ...(plan ? { incremental: true } : {}),
  });
  scope.state[step.id] = {
    ...(error
      ? { status: "failed", error, ...(step.continueOnError ? { continued: true } : {}) }
      : { status: "succeeded", ...(outputs ? { output: outputs } : { stored: "items" }) }),
    ...(plan ? incrementalState(plan, counts) : {}),
  };
}

export async function runForEach(scope: RunScope, step: StepDefinition, startedAt: string): Promise<void> {
  const c = scope.context();
  const items = await forEachList(scope, step, c);
  if (isEngineOp(step.uses)) await runEngineOpForEach(scope, step, items, c, startedAt);
  else await runConnectorForEach(scope, step, items, c, startedAt);
}
