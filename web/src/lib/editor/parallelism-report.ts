// The parallelism analysis the editor's bar shows and the API answers, from one place:
// the shared pure module's figures for a definition and its steps' expected durations.
import {
  criticalPath,
  orderingOnlyEdges,
  parallelismSummary,
  type NeedEdge,
  type ParallelismSummary,
  type StepGraph,
} from "@switchyard/workflows/definition";
import { formatDuration } from "../runs/format";

/** What a step without a measured duration is taken to last, when no step has one. */
export const ASSUMED_STEP_MS = 1_000;

export interface ParallelismReport {
  summary: ParallelismSummary;
  /** The chain of steps that takes longest, first to last. */
  criticalPath: string[];
  /** `needs` edges no data flows along: removing one lets the two steps run in parallel. */
  orderingOnly: NeedEdge[];
  /** Measured medians of recent runs, by step. */
  durationsMs: Record<string, number>;
  /** Steps without a measured duration, counted as `assumedMs`. */
  estimated: string[];
  assumedMs: number;
}

function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Steps never measured count as the typical measured step, or ASSUMED_STEP_MS when none was. */
export function parallelismReport(
  definition: StepGraph,
  durationsMs: Readonly<Record<string, number>>,
): ParallelismReport {
  const ids = new Set(definition.steps.map((s) => s.id));
  const measured = Object.fromEntries(Object.entries(durationsMs).filter(([id]) => ids.has(id)));
  const assumedMs = median(Object.values(measured)) ?? ASSUMED_STEP_MS;
  return {
    summary: parallelismSummary(definition, measured, assumedMs),
    criticalPath: criticalPath(definition, measured, assumedMs).path,
    orderingOnly: orderingOnlyEdges(definition),
    durationsMs: measured,
    estimated: definition.steps.filter((s) => !Object.hasOwn(measured, s.id)).map((s) => s.id),
    assumedMs,
  };
}

/** "3 steps run at once; expected 1.2 s instead of 3.4 s one after another". */
export function describeParallelism({ summary }: ParallelismReport): string {
  const { maxParallel, expectedMs, sequentialMs, steps } = summary;
  if (steps === 0) return "No steps yet.";
  const atOnce = maxParallel > 1 ? `${maxParallel} steps run at once` : "Steps run one after another";
  if (expectedMs >= sequentialMs) return `${atOnce}; expected ${formatDuration(expectedMs)}`;
  return `${atOnce}; expected ${formatDuration(expectedMs)} instead of ${formatDuration(sequentialMs)} one after another`;
}
