import type { StepDefinition } from "../definition/schema";
import type { StepState } from "./contract";
import { gate } from "./gate";

/** What the interpreter does next: settle these steps as skipped, and start these. */
export interface SchedulePlan {
  skip: { id: string; state: StepState }[];
  start: StepDefinition[];
}

/**
 * Decides, from the steps' current states, which pending steps can start and which
 * are skipped. Skips cascade within one plan (a skipped step's dependents are
 * skipped too); a started step counts as running, so it is never started twice.
 * Pure: the caller applies the plan, and asks again whenever a step settles.
 */
export function planReadySteps(
  steps: readonly StepDefinition[],
  state: Readonly<Record<string, StepState>>,
): SchedulePlan {
  const view: Record<string, StepState> = { ...state };
  const plan: SchedulePlan = { skip: [], start: [] };
  let changed = true;
  while (changed) {
    changed = false;
    for (const step of steps) {
      if (view[step.id]!.status !== "pending") continue;
      const g = gate(step, view);
      if (g.kind === "wait") continue;
      if (g.kind === "skip") {
        view[step.id] = g.state;
        plan.skip.push({ id: step.id, state: g.state });
        changed = true;
      } else {
        view[step.id] = { status: "running" };
        plan.start.push(step);
      }
    }
  }
  return plan;
}
