import { context, type Context } from "@opentelemetry/api";
import type { StartRunArgs } from "./client";
import { dispatchOrLeaveToRelay, type DispatchDeps } from "./dispatch";
import { jsonBytes } from "./runs";

/**
 * Starts stored runs on Temporal after their request has been answered: a 202 waits for one
 * insert, not for StartWorkflow. A run is committed before it is queued here, so a process that
 * dies with runs in this queue loses none: the worker's relay starts them after its grace period,
 * and a start that happens twice is refused by Temporal (the workflow id is `run-<runId>`). A
 * cancel that comes between the answer and the start holds: the workflow claims its run before
 * anything else (beginRun), and ends at once if it finds it cancelled.
 */
export interface Dispatcher {
  enqueue(start: StartRunArgs): void;
  /** Resolves once every run queued so far has been handed over (or left to the relay). */
  idle(): Promise<void>;
}

export interface DispatcherOptions {
  /** StartWorkflow calls in flight at once: enough to keep up with a burst, few enough not to starve the requests. */
  concurrency?: number;
  /** Start inputs held at most, as JSON (a run's input is up to 256 KiB); past that, new runs wait for the relay. */
  maxQueuedBytes?: number;
  /** After Temporal proved unreachable, runs go straight to the relay for this long instead of each waiting out the client's retries. */
  outagePauseMs?: number;
  now?: () => number;
}

export function createDispatcher(
  deps: DispatchDeps,
  {
    concurrency = 16,
    maxQueuedBytes = 64 * 1024 * 1024,
    outagePauseMs = 5_000,
    now = Date.now,
  }: DispatcherOptions = {},
): Dispatcher {
  // Each start keeps the trace context of the request that queued it (a no-op without tracing).
  const queue: { start: StartRunArgs; bytes: number; trace: Context }[] = [];
  let queuedBytes = 0;
  let running = 0;
  let pausedUntil = 0;
  let waiters: (() => void)[] = [];

  const settle = () => {
    if (running || queue.length) return;
    for (const wake of waiters) wake();
    waiters = [];
  };

  const take = () => {
    const next = queue.shift();
    if (next) queuedBytes -= next.bytes;
    return next;
  };

  /** Temporal is away: what is queued waits for the relay, which retries with backoff, not here. */
  function pause(): void {
    pausedUntil = now() + outagePauseMs;
    const left = queue.length;
    queue.length = 0;
    queuedBytes = 0;
    if (left) deps.logger.warn("Temporal unreachable; queued runs are left to the relay", { runs: left });
  }

  async function drain(): Promise<void> {
    running++;
    for (let next = take(); next; next = take()) {
      const { start } = next;
      // Never throws: a start that fails is recorded, or left to the relay, inside.
      const outcome = await context
        .with(next.trace, () => dispatchOrLeaveToRelay(deps, [start]))
        .catch((err: unknown) => {
          deps.logger.error("dispatch failed; the relay will start the run", {
            runId: start.runId,
            error: String(err),
          });
          return "handed" as const;
        });
      if (outcome === "unreachable") pause();
    }
    running--;
    settle();
  }

  return {
    enqueue(start) {
      // Stored already: a run not queued here is the relay's, started after its grace period.
      if (now() < pausedUntil) return;
      const bytes = jsonBytes(start);
      if (queuedBytes + bytes > maxQueuedBytes) {
        deps.logger.warn("dispatch queue full; the relay will start the run", { runId: start.runId });
        return;
      }
      queue.push({ start, bytes, trace: context.active() });
      queuedBytes += bytes;
      if (running < concurrency) void drain();
    },
    idle() {
      return running || queue.length ? new Promise<void>((resolve) => waiters.push(resolve)) : Promise.resolve();
    },
  };
}
