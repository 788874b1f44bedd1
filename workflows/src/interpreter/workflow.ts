import { ActivityFailure, ApplicationFailure, condition, proxyActivities, setHandler } from "@temporalio/workflow";
import type { Activities } from "../activities";
import type { StepDefinition } from "../definition/schema";
import { runStateQuery, type RunInput, type RunResult, type RunStatus, type StepState } from "./contract";

const DEFAULT_MAX_ATTEMPTS = 3;

const { finishRun } = proxyActivities<Activities>({
  startToCloseTimeout: "1 minute",
  retry: { maximumAttempts: 10 },
});

function stepActivity(step: StepDefinition) {
  return proxyActivities<Activities>({
    activityId: step.id,
    startToCloseTimeout: "5 minutes",
    retry: { maximumAttempts: DEFAULT_MAX_ATTEMPTS, initialInterval: "1 second", backoffCoefficient: 2 },
  }).executeStep;
}

function errorOf(err: unknown): StepState["error"] {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return { message: cause.message, type: cause.type ?? undefined };
  if (cause instanceof Error) return { message: cause.message, type: cause.name };
  return { message: String(cause) };
}

/**
 * The one interpreter for every definition: starts each step as soon as all of
 * its needs are settled, so independent branches run concurrently, and a failed
 * step skips only its own descendants.
 */
export async function interpretRun(input: RunInput): Promise<RunResult> {
  const state: Record<string, StepState> = {};
  for (const step of input.steps) state[step.id] = { status: "pending" };
  let status: RunStatus = "running";
  setHandler(runStateQuery, () => ({ status, steps: state }));

  const settledInWorkflow: Record<string, StepState> = {};
  const isSettled = (s: StepState) => s.status !== "pending" && s.status !== "running";

  const run = async (step: StepDefinition): Promise<void> => {
    state[step.id] = { status: "running" };
    try {
      const output = await stepActivity(step)({
        runId: input.runId,
        stepId: step.id,
        uses: step.uses,
        with: step.with,
        idempotencyKey: `${input.runId}:${step.id}:0`,
        maxAttempts: DEFAULT_MAX_ATTEMPTS,
        marksRunStarted: step.needs.length === 0,
      });
      state[step.id] = { status: "succeeded", output };
    } catch (err) {
      state[step.id] = { status: "failed", error: errorOf(err) };
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
        const parents = step.needs.map((id) => ({ id, s: state[id]! }));
        if (!parents.every((p) => isSettled(p.s))) continue;
        const blocker = parents.find((p) => p.s.status === "failed" || (p.s.status === "skipped" && p.s.blockedBy));
        if (blocker) {
          const skipped: StepState = { status: "skipped", reason: "upstream_failed", blockedBy: blocker.s.blockedBy ?? blocker.id };
          state[step.id] = skipped;
          settledInWorkflow[step.id] = skipped;
          changed = true;
          continue;
        }
        void run(step);
      }
    }
  };

  schedule();
  await condition(() => Object.values(state).every(isSettled));

  status = finalStatus(Object.values(state));
  await finishRun({ runId: input.runId, status, settledInWorkflow });
  return { status, steps: state };
}

function finalStatus(steps: StepState[]): RunStatus {
  const failed = steps.some((s) => s.status === "failed");
  const succeeded = steps.some((s) => s.status === "succeeded");
  if (!failed) return "succeeded";
  return succeeded ? "partially_succeeded" : "failed";
}
