// Why a step did not run (or did not run here), in words: from the reason the engine stored,
// the failed step that blocked it, the checkpoint decision that rejected its branch, and the
// run a reused or remembered output came from.
import { ancestors, type StepDefinition } from "@switchyard/workflows/definition";
import { shortId } from "./format";

export interface DecisionLike {
  /** The member's email, or "auto". */
  actor: string;
  actorName: string | null;
  decision: string;
}

export interface StepOutcome {
  status: string;
  reason: string | null;
  blockedBy: string | null;
  approval?: { status: string; decisions: readonly DecisionLike[] } | null;
  /** The run whose remembered result a `cached` step took, or whose output a `reused` one did. */
  cachedFrom?: string;
  reusedFrom?: string;
}

export interface SkipContext {
  /** The run's pinned steps (their needs, and whether they have a condition). */
  steps: readonly Pick<StepDefinition, "id" | "needs" | "if">[];
  outcomes: Readonly<Record<string, StepOutcome>>;
  /** The run this one re-runs, for steps it reused. */
  rerunOf: string | null;
}

/** "Ana", "Ana and Bo", "Ana, Bo and Cy". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

const personOf = (d: DecisionLike) => (d.actor === "auto" ? "an automatic rule" : (d.actorName ?? d.actor));

/** The checkpoints upstream of `stepId` that halted their dependents by rejecting (or timing out into a rejection). */
function rejectedBy(stepId: string, { steps, outcomes }: SkipContext): string {
  const upstream = ancestors(steps, stepId);
  // A real checkpoint that rejects still succeeds; test mode's approvals before a step skip the step itself.
  const halted = steps.filter((s) => {
    const o = outcomes[s.id];
    return upstream.has(s.id) && o?.status === "succeeded" && /^(rejected|timed_out)$/.test(o.approval?.status ?? "");
  });
  const people = [
    ...new Set(
      halted.flatMap((s) => outcomes[s.id]!.approval!.decisions.filter((d) => d.decision === "reject").map(personOf)),
    ),
  ];
  if (people.length) return `rejected by ${listNames(people)}`;
  const timedOut = halted.find((s) => outcomes[s.id]!.approval!.status === "timed_out");
  if (timedOut) return `rejected: nobody decided at ${timedOut.id} in time`;
  return "rejected at a checkpoint";
}

function skipped(stepId: string, outcome: StepOutcome, context: SkipContext): string {
  switch (outcome.reason) {
    case "upstream_failed":
      return outcome.blockedBy ? `blocked by ${outcome.blockedBy}` : "blocked by a failed step";
    case "test_skipped":
      return "test: skipped";
    case "not_selected":
      return "not part of this partial test run";
    case "rejected":
      return rejectedBy(stepId, context);
    case "condition":
      return context.steps.find((s) => s.id === stepId)?.if !== undefined
        ? "its condition was false"
        : "not on the branch taken";
    default:
      return "skipped";
  }
}

/** Why the step ended as it did when that is not plain success or failure; null when there is nothing to say. */
export function outcomeReason(stepId: string, context: SkipContext): string | null {
  const outcome = context.outcomes[stepId];
  if (!outcome) return null;
  if (outcome.status === "skipped") return skipped(stepId, outcome, context);
  if (outcome.status === "succeeded" && outcome.reason === "reused") {
    const from = outcome.reusedFrom ?? context.rerunOf;
    return from ? `reused from run ${shortId(from)}` : "reused from an earlier run";
  }
  if (outcome.status === "succeeded" && outcome.reason === "cached")
    return outcome.cachedFrom ? `cached from run ${shortId(outcome.cachedFrom)}` : "a remembered result";
  if (outcome.status === "cancelled") return "cancelled with the run";
  return null;
}
