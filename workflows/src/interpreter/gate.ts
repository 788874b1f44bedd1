import type { StepDefinition } from "../definition/schema";
import type { StepState } from "./contract";

export type Gate = { kind: "wait" } | { kind: "run" } | { kind: "skip"; state: StepState };

const settled = (s: StepState) => s.status !== "pending" && s.status !== "running" && s.status !== "waiting";
/** Its dependents may use its result. */
const passes = (s: StepState) =>
  (s.status === "succeeded" && !s.halts) ||
  (s.status === "failed" && !!s.continued) ||
  (s.status === "skipped" && s.reason === "test_skipped");
/** Its dependents must not run. */
const blocks = (s: StepState) =>
  (s.status === "failed" && !s.continued) ||
  (s.status === "skipped" && s.reason === "upstream_failed") ||
  s.status === "cancelled";

/**
 * The join rule. `all`: every parent settled and none failed; parents skipped by
 * a condition don't block, but a step whose parents were all condition-skipped
 * is skipped the same way (or `rejected`, behind a rejected checkpoint). `any`: runs when at least one parent passed.
 */
export function gate(step: StepDefinition, state: Record<string, StepState>): Gate {
  const parents = step.needs.map((id) => ({ id, s: state[id]! }));
  if (!parents.every((p) => settled(p.s))) return { kind: "wait" };
  if (parents.length === 0) return { kind: "run" };

  const blocker = parents.find((p) => blocks(p.s));
  const anyPassed = parents.some((p) => passes(p.s));
  if (step.needsMode === "any" ? anyPassed : !blocker && anyPassed) return { kind: "run" };
  if (blocker)
    return {
      kind: "skip",
      state: { status: "skipped", reason: "upstream_failed", blockedBy: blocker.s.blockedBy ?? blocker.id },
    };
  // Behind a rejected checkpoint, however far down, a skip says so.
  const rejected = parents.some((p) => (p.s.halts ? p.s.haltReason : p.s.reason) === "rejected");
  return { kind: "skip", state: { status: "skipped", reason: rejected ? "rejected" : "condition" } };
}

export const isSettled = settled;
