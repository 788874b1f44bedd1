// executeStep as the workflow calls it. The database's outages are the platform's fault: they
// are waited out here, on durable timers, without spending the step's own attempts, and a
// result the activity could not write is written here, so a connector never acts twice for it.
import type { Duration } from "@temporalio/common";
import { CancellationScope, proxyActivities } from "@temporalio/workflow";
import type { Activities } from "../activities";
import type { StepDefinition } from "../definition/schema";
import { BOOKKEEPING_ACTIVITY } from "./bookkeeping";
import {
  ENGINE_UNAVAILABLE,
  type ActivityStepStatus,
  type ExecutedStep,
  type ExecuteStepInput,
  type SettledStep,
  type StepResultRecord,
  type StepState,
} from "./contract";
import { activityFailureOf, whileEngineUnavailable } from "./engine-unavailable";
import { DEFAULT_RETRY } from "./fan-out";

const { recordStepResult } = proxyActivities<Activities>(BOOKKEEPING_ACTIVITY);

/** The step's retry policy, less the attempts it already spent; on its connector's queue, if it has one. */
function executeStepFrom(step: StepDefinition, firstAttempt: number, taskQueue: string | undefined) {
  const retry = step.retry ?? DEFAULT_RETRY;
  return proxyActivities<Activities>({
    activityId: step.id,
    ...(taskQueue ? { taskQueue } : {}),
    startToCloseTimeout: (step.timeout ?? "5 minutes") as Duration,
    // Lets a crashed worker's attempt be retried elsewhere within seconds, and delivers cancellation.
    heartbeatTimeout: "15 seconds",
    retry: {
      maximumAttempts: Math.max(1, retry.maxAttempts - firstAttempt + 1),
      // The definition's schema admits only durations Temporal reads (durationSchema).
      initialInterval: retry.initialInterval as Duration,
      backoffCoefficient: retry.backoffCoefficient,
      maximumInterval: retry.maximumInterval as Duration,
    },
  }).executeStep;
}

/** The connector has acted: its result is written even while the run is being cancelled. */
const record = (result: StepResultRecord) => CancellationScope.nonCancellable(() => recordStepResult(result));

/**
 * Runs a connector step through its executeStep activity, as the workflow calls it: on `taskQueue`
 * when its connector has a queue of its own. The bookkeeping around it stays on the run's queue.
 */
export async function runConnectorStep(
  step: StepDefinition,
  input: ExecuteStepInput,
  taskQueue?: string,
): Promise<Omit<ExecutedStep, "unrecorded">> {
  return whileEngineUnavailable(async (firstAttempt) => {
    try {
      const executeStep = executeStepFrom(step, firstAttempt, taskQueue);
      const { unrecorded, ...outcome } = await executeStep({ ...input, firstAttempt });
      return unrecorded ? await record(unrecorded) : outcome;
    } catch (err) {
      const failure = activityFailureOf(err);
      const unrecorded = (failure?.details?.[0] as { unrecorded?: StepResultRecord } | undefined)?.unrecorded;
      if (failure?.type !== ENGINE_UNAVAILABLE && unrecorded) await record(unrecorded);
      // Still executeStep's own failure, so the run treats it as recorded by the activity.
      throw err;
    }
  });
}

/** Error messages finishRun gets per step: enough to read, small enough for hundreds of steps. */
const MESSAGE_CHARS = 300;

/**
 * For finishRun: the state of each step an activity ran (those not settled in the workflow),
 * to settle any row such a step left running.
 */
export function activityStepStatuses(
  state: Record<string, StepState>,
  settledInWorkflow: Record<string, SettledStep>,
): Record<string, ActivityStepStatus> {
  const statuses: Record<string, ActivityStepStatus> = {};
  for (const [id, { status, error }] of Object.entries(state)) {
    if (Object.hasOwn(settledInWorkflow, id)) continue;
    statuses[id] = {
      status,
      ...(error
        ? { error: { message: error.message.slice(0, MESSAGE_CHARS), ...(error.type ? { type: error.type } : {}) } }
        : {}),
    };
  }
  return statuses;
}
