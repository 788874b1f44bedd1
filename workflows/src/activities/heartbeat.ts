import type { Context } from "@temporalio/activity";

const HEARTBEAT_EVERY_MS = 3_000;

/**
 * Heartbeats let Temporal notice a dead worker quickly and deliver cancellation. A local activity
 * has no heartbeat (its own timeouts bound it): the SDK would only log a failed
 * heartbeat every time, and an outage waited out in one would fill the log.
 */
export async function heartbeating<T>(ctx: Context, work: () => Promise<T>): Promise<T> {
  if (ctx.info.isLocal) return work();
  const timer = setInterval(() => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
