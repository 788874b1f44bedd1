import type { StartRunArgs } from "./client";
import { dispatchOrLeaveToRelay, type DispatchDeps } from "./dispatch";

/**
 * Starts stored runs on Temporal after their request has been answered: a 202 waits for one
 * insert, not for StartWorkflow. A run is committed before it is queued here, so a process that
 * dies with runs in this queue loses none: the worker's relay starts them after its grace period,
 * and a start that happens twice is refused by Temporal (the workflow id is `run-<runId>`).
 */
export interface Dispatcher {
  enqueue(start: StartRunArgs): void;
  /** Resolves once every run queued so far has been handed over (or left to the relay). */
  idle(): Promise<void>;
}

/** StartWorkflow calls in flight at once: enough to keep up with a burst, few enough not to starve the requests. */
const DEFAULT_CONCURRENCY = 16;

export function createDispatcher(deps: DispatchDeps, concurrency = DEFAULT_CONCURRENCY): Dispatcher {
  const queue: StartRunArgs[] = [];
  let running = 0;
  let waiters: (() => void)[] = [];

  const settle = () => {
    if (running || queue.length) return;
    for (const wake of waiters) wake();
    waiters = [];
  };

  async function drain(): Promise<void> {
    running++;
    for (let start = queue.shift(); start; start = queue.shift()) {
      // Never throws: a start that fails is recorded, or left to the relay, inside.
      await dispatchOrLeaveToRelay(deps, [start]).catch((err: unknown) =>
        deps.logger.error("dispatch failed; the relay will start the run", { runId: start.runId, error: String(err) }),
      );
    }
    running--;
    settle();
  }

  return {
    enqueue(start) {
      queue.push(start);
      if (running < concurrency) void drain();
    },
    idle() {
      return running || queue.length ? new Promise<void>((resolve) => waiters.push(resolve)) : Promise.resolve();
    },
  };
}
