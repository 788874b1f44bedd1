import { ApplicationFailure } from "@temporalio/workflow";
import { ancestors } from "../definition/graph";
import type { RunInput } from "./contract";

/**
 * The steps a partial run (`upTo`) leaves out: all but the step and its ancestors. Empty for a
 * whole run. An `upTo` that names no step of the definition fails the run, naming the steps it has.
 */
export function unselectedSteps({ steps, upTo }: Pick<RunInput, "steps" | "upTo">): string[] {
  if (upTo === undefined) return [];
  if (!steps.some((s) => s.id === upTo))
    throw ApplicationFailure.nonRetryable(
      `upTo names step "${upTo}", which is not a step of this definition; its steps are: ${steps.map((s) => s.id).join(", ")}`,
      "UnknownStep",
    );
  const selected = ancestors(steps, upTo).add(upTo);
  return steps.filter((s) => !selected.has(s.id)).map((s) => s.id);
}
