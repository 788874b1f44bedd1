// The worker's performance options, set by environment (env.ts spreads this shape). The defaults
// and the measurements behind them: README, "Worker tuning" (`npm run bench -- worker-options`).
import type { WorkerOptions } from "@temporalio/worker";
import { z } from "zod";

export const workerTuningEnv = {
  /** Steps (activities) one worker runs at once; the rest wait in Temporal's task queue for a slot. */
  SWITCHYARD_WORKER_ACTIVITY_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(100),
  /** Workflow tasks (a run's engine work between steps) one worker runs at once. */
  SWITCHYARD_WORKER_WORKFLOW_CONCURRENCY: z.coerce.number().int().min(2).max(1_000).default(40),
  /**
   * Runs a worker keeps in memory between their workflow tasks; a run evicted from it replays its
   * history on its next task. Fixed rather than the SDK's default, which grows with the heap limit.
   */
  SWITCHYARD_WORKER_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(100_000).default(500),
  /** "off" gives every cached run a V8 context of its own (the SDK's legacy model: more memory and CPU). */
  SWITCHYARD_WORKER_REUSE_V8_CONTEXT: z.enum(["on", "off"]).default("on"),
};

export type WorkerTuning = Pick<
  WorkerOptions,
  | "maxConcurrentActivityTaskExecutions"
  | "maxConcurrentWorkflowTaskExecutions"
  | "maxCachedWorkflows"
  | "reuseV8Context"
>;

type TuningEnv = z.infer<z.ZodObject<typeof workerTuningEnv>>;

export function workerTuningFrom(env: TuningEnv): WorkerTuning {
  return {
    maxConcurrentActivityTaskExecutions: env.SWITCHYARD_WORKER_ACTIVITY_CONCURRENCY,
    // The SDK lowers it to the cache's size when the cache is smaller (and says so in a warning).
    maxConcurrentWorkflowTaskExecutions: env.SWITCHYARD_WORKER_WORKFLOW_CONCURRENCY,
    maxCachedWorkflows: env.SWITCHYARD_WORKER_CACHED_WORKFLOWS,
    reuseV8Context: env.SWITCHYARD_WORKER_REUSE_V8_CONTEXT === "on",
  };
}
