// What an interrupted bench (Ctrl-C) must stop: processes it started run in groups of their own,
// and would outlive it.
const running = new Set<() => Promise<void>>();

/** `stop`, registered until it has been called; the returned function calls it once. */
export function stopOnInterrupt(stop: () => Promise<void>): () => Promise<void> {
  const once = async () => {
    if (!running.delete(once)) return;
    await stop();
  };
  running.add(once);
  return once;
}

export async function stopEverythingStarted(): Promise<void> {
  await Promise.all([...running].map((stop) => stop()));
}
