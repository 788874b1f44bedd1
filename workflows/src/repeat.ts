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
