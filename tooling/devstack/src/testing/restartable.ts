/** A server of one test's own that the test may take down and bring back: an outage. */
export interface Restartable {
  /** Stops the server. What it holds stays where it keeps it. */
  stop(): Promise<void>;
  /** Starts it again, on the same address and data; resolves once it is up. */
  start(): Promise<void>;
  /** Stops it for good and removes its data. */
  close(): Promise<void>;
}

/** Runs what `launch` starts, relaunched on `start` after a `stop`; `remove` clears its data on `close`. */
export async function restartable(
  launch: () => Promise<{ stop(): Promise<void> }>,
  remove: () => Promise<void>,
): Promise<Restartable> {
  let server: { stop(): Promise<void> } | undefined = await launch().catch(async (err: unknown) => {
    await remove();
    throw err;
  });
  const stop = async () => {
    await server?.stop();
    server = undefined;
  };
  return {
    stop,
    async start() {
      server ??= await launch();
    },
    async close() {
      await stop();
      await remove();
    },
  };
}
