import type { Context } from "@temporalio/activity";

const HEARTBEAT_EVERY_MS = 3_000;

/** Heartbeats let Temporal notice a dead worker quickly and deliver cancellation. */
export async function heartbeating<T>(ctx: Context, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
