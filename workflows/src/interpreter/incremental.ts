// An incremental fan-out (forEach with `incremental`) in the workflow: its plan is an activity
// (planIncremental), which records the reused items; only the rest go to the batches.
import { proxyActivities } from "@temporalio/workflow";
import type { Activities } from "../activities";
import { jsonBytesUpTo } from "../definition/template";
import { BOOKKEEPING_RETRY } from "./bookkeeping";
import {
  INLINE_OUTPUT_BYTES,
  type BatchItem,
  type IncrementalCounts,
  type IncrementalPlan,
  type StepState,
} from "./contract";

/** Renders a key and a fingerprint per item, then reads and writes the memory: heartbeats throughout. */
export const { planIncremental } = proxyActivities<Activities>({
  startToCloseTimeout: "10 minutes",
  heartbeatTimeout: "15 seconds",
  retry: { ...BOOKKEEPING_RETRY, maximumAttempts: 10 },
});

/** The items the plan left to run, at their places in the list. */
export const itemsToRun = (items: BatchItem[], plan: IncrementalPlan): BatchItem[] =>
  plan.toRun.flatMap(([first, end]) => items.slice(first, end));

/** The step's whole output in list order, reused and run items together, while it fits inline. */
export function wholeOutput(count: number, plan: IncrementalPlan, ran: unknown[] | undefined): unknown[] | undefined {
  const { reusedOutputs } = plan;
  if (!ran || !reusedOutputs) return undefined;
  const output: unknown[] = new Array(count);
  const ranAt = new Set<number>();
  for (const [first, end] of plan.toRun) for (let i = first; i < end; i++) ranAt.add(i);
  let nextRan = 0;
  let nextReused = 0;
  for (let i = 0; i < count; i++) output[i] = ranAt.has(i) ? ran[nextRan++] : reusedOutputs[nextReused++];
  return jsonBytesUpTo(output, INLINE_OUTPUT_BYTES) === Infinity ? undefined : output;
}

/** What the step's state adds for templates and the live view: its counts, and its changes or where they wait. */
export function incrementalState(plan: IncrementalPlan, counts: IncrementalCounts | undefined): Partial<StepState> {
  return {
    ...(counts ? { incremental: counts } : {}),
    ...(plan.changes ? { changes: plan.changes } : { changesStored: true }),
  };
}
