import { ActivityFailure, isCancellation, setHandler, condition, patched } from "@temporalio/workflow";
import type { StepDefinition } from "../definition/schema";
import { asTemplate, limitSize } from "../definition/template";
import { beginRun, loadRunInput, recordRunEnd } from "./bookkeeping";
import {
  idempotencyKey,
  INLINE_OUTPUT_BYTES,
  runStateQuery,
  liveStepsQuery,
  type LiveStep,
  type RunInput,
  type RunResult,
  type RunStart,
  type RunStatus,
  type StepState,
} from "./contract";
import { isEngineOp, runEngineOp } from "./engine-ops";
import { DEFAULT_RETRY } from "./fan-out";
import { runForEach } from "./for-each";
import { isSettled } from "./gate";
import { CONNECTOR_INPUT_BYTES, INPUTS } from "./payload-limits";
import { createRunScope, now, type RunScope } from "./run-scope";
import { planReadySteps } from "./scheduler";
import { activityStepStatuses, runConnectorStep } from "./connector-step";
import { errorOf } from "./step-error";
import { applyEdits } from "./apply-edits";
import { approveTestStep, CHECKPOINT, handleDecisions, reusedCheckpoint, runCheckpoint } from "./checkpoint";
import { unselectedSteps } from "./selection";
import { cachedState, cacheRequestOf, lookUpCoreStep, rememberCoreStep } from "./step-cache";

/** What a failed step's record keeps of it: the rendered inputs, once rendered. */
interface StepAttempt {
  rendered?: Record<string, unknown>;
}

/** A step that is neither reused, skipped by its condition nor a forEach: one call with rendered inputs. */
async function runSingle(scope: RunScope, step: StepDefinition, startedAt: string, attempt: StepAttempt) {
  const { input } = scope;
  const maxBytes = isEngineOp(step.uses) ? INLINE_OUTPUT_BYTES : CONNECTOR_INPUT_BYTES;
  const rendered = applyEdits(
    (await scope.renderValue(step.with, scope.context(), INPUTS, maxBytes)) as Record<string, unknown>,
    scope.edits.get(step.id),
  );
  attempt.rendered = rendered;
  if (step.uses === CHECKPOINT) return runCheckpoint(scope, step, rendered, startedAt);
  if (await skippedInTest(scope, step, rendered, startedAt)) return;
  if (isEngineOp(step.uses)) {
    const cached = step.cache ? await lookUpCoreStep(scope, step, step.cache, rendered) : undefined;
    if (cached && "settled" in cached) return;
    const { output, halts } = await runEngineOp(step, rendered, scope.state, input.runId);
    limitSize(output, INLINE_OUTPUT_BYTES, "the step's output");
    if (!scope.fitsRecords([rendered, output])) throw scope.recordsFull();
    scope.settle(
      step.id,
      { status: "succeeded", output, ...(halts ? { halts } : {}) },
      { input: rendered, startedAt, endedAt: now() },
    );
    if (cached) rememberCoreStep(scope, step, cached, output);
    return;
  }
  const cache = step.cache ? await cacheRequestOf(scope, step, step.cache, rendered) : undefined;
  const { cachedFrom, ...outcome } = await runConnectorStep(
    step,
    {
      runId: input.runId,
      stepId: step.id,
      uses: step.uses,
      with: rendered,
      ...(step.connection ? { connection: step.connection } : {}),
      idempotencyKey: idempotencyKey(input.runId, step.id),
      maxAttempts: (step.retry ?? DEFAULT_RETRY).maxAttempts,
      ...(scope.claimed || step.needs.length ? {} : { marksRunStarted: true }),
      ...(cache ? { cache } : {}),
    },
    scope.taskQueueOf(step.uses),
  );
  scope.state[step.id] = cachedFrom
    ? cachedState(step, { ...outcome, cachedFrom })
    : { status: "succeeded", ...outcome };
}

/** In test mode, a step with side effects waits for the developer, who runs it or skips it (`test_skipped`). */
async function skippedInTest(
  scope: RunScope,
  step: StepDefinition,
  rendered: Record<string, unknown> | undefined,
  startedAt: string,
): Promise<boolean> {
  if (!scope.input.testMode || isEngineOp(step.uses) || (await approveTestStep(scope, step, rendered))) return false;
  scope.settle(step.id, { status: "skipped", reason: "test_skipped" }, { input: rendered, startedAt, endedAt: now() });
  return true;
}

/** Runs one step to a settled state; it never throws, so the scheduler always hears back. */
async function runStep(scope: RunScope, step: StepDefinition): Promise<void> {
  const { input } = scope;
  scope.state[step.id] = { status: "running" };
  const startedAt = now();
  const attempt: StepAttempt = {};
  try {
    // Own keys only: a step named "constructor" must not find Object.prototype's.
    if (input.reuse && Object.hasOwn(input.reuse, step.id)) {
      // Counted, not refused: it came in the run's input, which is bounded like a payload.
      scope.countRecords(input.reuse[step.id]);
      const reused: StepState = { status: "succeeded", output: input.reuse[step.id], reason: "reused" };
      scope.settle(step.id, step.uses === CHECKPOINT ? reusedCheckpoint(scope, reused) : reused, {
        startedAt,
        endedAt: startedAt,
      });
    } else if (step.if && !(await scope.renderValue(asTemplate(step.if), scope.context(), "the step's condition"))) {
      scope.settle(step.id, { status: "skipped", reason: "condition" }, { startedAt, endedAt: now() });
    } else if (step.forEach) {
      if (!(await skippedInTest(scope, step, undefined, startedAt))) await runForEach(scope, step, startedAt);
    } else {
      await runSingle(scope, step, startedAt, attempt);
    }
  } catch (err) {
    if (isCancellation(err)) return scope.settle(step.id, { status: "cancelled" }, { startedAt, endedAt: now() });
    const failed: StepState = {
      status: "failed",
      error: errorOf(err),
      ...(step.continueOnError ? { continued: true } : {}),
    };
    // executeStep records its own failures; the rest (templates, also those rendered in an activity, engine ops) are recorded here.
    if (err instanceof ActivityFailure && err.activityType === "executeStep") scope.state[step.id] = failed;
    // The inputs are kept with the failure while the records have room for them.
    else
      scope.settle(step.id, failed, {
        input: attempt.rendered !== undefined && scope.fitsRecords(attempt.rendered) ? attempt.rendered : undefined,
        startedAt,
        endedAt: now(),
      });
  }
}

/**
 * The one interpreter for every definition: starts each step as soon as its
 * needs are settled, so independent branches run concurrently; a failed step
 * skips only its own descendants.
 */
async function interpret(input: RunInput, claimed: boolean, queues?: Record<string, string>): Promise<RunResult> {
  const scope = createRunScope(input, claimed, queues);
  let status: RunStatus = "running";
  setHandler(runStateQuery, () => ({ status, steps: scope.state }));
  setHandler(liveStepsQuery, () => liveSteps(scope.state));
  handleDecisions(scope.checkpoints);
  const schedule = (): void => {
    const plan = planReadySteps(input.steps, scope.state);
    for (const { id, state } of plan.skip) scope.settle(id, state);
    for (const step of plan.start) void runStep(scope, step).then(schedule);
  };

  let engineError;
  try {
    for (const id of unselectedSteps(input)) scope.settle(id, { status: "skipped", reason: "not_selected" });
    schedule();
    await condition(() => Object.values(scope.state).every(isSettled));
    status = finalStatus(Object.values(scope.state));
  } catch (err) {
    if (!isCancellation(err)) engineError = errorOf(err);
    status = engineError ? "failed" : "cancelled";
    for (const [id, s] of Object.entries(scope.state)) if (!isSettled(s)) scope.settle(id, { status: "cancelled" });
  }
  await Promise.allSettled(scope.background);
  await recordRunEnd({
    runId: input.runId,
    status,
    settledInWorkflow: scope.settledInWorkflow,
    activitySteps: activityStepStatuses(scope.state, scope.settledInWorkflow),
    error: engineError,
  });
  return { status, steps: scope.state };
}

function finalStatus(steps: StepState[]): RunStatus {
  const failed = steps.some((s) => s.status === "failed");
  const succeeded = steps.some((s) => s.status === "succeeded");
  if (!failed) return "succeeded";
  return succeeded ? "partially_succeeded" : "failed";
}

/** Histories from before runs were claimed at their start replay without the claim. */
const CLAIMS_RUN = "claims-run-at-start";

/**
 * The interpreter workflow. It first claims the run (see beginRun): a run cancelled while its
 * start was on its way ends here, untouched. Its input comes inline, or is loaded from Postgres.
 */
export async function interpretRun(start: RunStart): Promise<RunResult> {
  let input: RunInput;
  let queues: Record<string, string> | undefined;
  const claims = patched(CLAIMS_RUN);
  try {
    if (claims) {
      const beginning = await beginRun({ runId: start.runId });
      if (!beginning.begun) return { status: beginning.status, steps: {} };
      queues = beginning.queues;
    }
    // Runs whose input is too large to start inline (startInputOf in runs.ts) arrive with their id only.
    input = "inputStored" in start ? await loadRunInput({ runId: start.runId }) : start;
  } catch (err) {
    // A run that cannot begin still ends with a record and an alert, rather than staying queued.
    const status: RunStatus = isCancellation(err) ? "cancelled" : "failed";
    await recordRunEnd({
      runId: start.runId,
      status,
      settledInWorkflow: {},
      error: status === "failed" ? errorOf(err) : undefined,
    });
    return { status, steps: {} };
  }
  return interpret(input, claims, queues);
}

function liveSteps(state: Record<string, StepState>): Record<string, LiveStep> {
  const out: Record<string, LiveStep> = {};
  for (const [id, { status, blockedBy, reason }] of Object.entries(state)) out[id] = { status, blockedBy, reason };
  return out;
}
