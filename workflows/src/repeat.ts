import type { Logger } from "@switchyard/connectors";

/**
 * Runs `tick` after `firstWaitMs`, then again after each wait it answers, until stopped. `tick`
 * handles its own failures; it may look at `stopped()` to cut a long pass short. The stop answers
 * once the tick under way (if any) has finished, so a process exits without a half-done pass.
 */
export function repeat(firstWaitMs: number, tick: (stopped: () => boolean) => Promise<number>): () => Promise<void> {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<void> = Promise.resolve();
  const isStopped = () => stopped;
  const run = async () => {
    const wait = await tick(isStopped);
    if (!stopped) timer = setTimeout(() => (current = run()), wait);
  };
  timer = setTimeout(() => (current = run()), firstWaitMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await current;
  };
}

export interface SweepOptions {
  /** How often a sweep starts. */
  intervalMs: number;
  /** Rows per statement: a bounded transaction and lock set, however large the backlog. */
  batchSize: number;
  /** Between two batches of one sweep, so a large backlog never holds the database for long. */
  pauseMs: number;
}

/**
 * Sweeps every `intervalMs`, batch after batch until one comes back short of `batchSize` (or the
 * loop is stopped), and logs what went as `<name> removed <what>`; a failed sweep is logged and
 * tried again at the next interval. Answers a function that stops it.
 */
export function repeatSweep(
  logger: Logger,
  { name, what }: { name: string; what: string },
  options: SweepOptions,
  batch: () => Promise<number>,
): () => Promise<void> {
  const pause = () => new Promise((resolve) => setTimeout(resolve, options.pauseMs));
  const sweep = async (stopped: () => boolean) => {
    let removed = 0;
    try {
      for (;;) {
        const count = await batch();
        removed += count;
        if (count < options.batchSize || stopped()) break;
        await pause();
        if (stopped()) break;
      }
      if (removed) logger.info(`${name} removed ${what}`, { count: removed });
    } catch (err) {
      logger.warn(`${name} sweep failed; will try again`, {
        removed,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    return options.intervalMs;
  };
  // Not at once: a worker starting (or restarting in a loop) leaves the database to its runs first.
  return repeat(Math.min(options.intervalMs, 60_000), sweep);
}
