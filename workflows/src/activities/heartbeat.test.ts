import { Context } from "@temporalio/activity";
import { MockActivityEnvironment } from "@temporalio/testing";
import { afterEach, expect, it, vi } from "vitest";
import { heartbeating } from "./heartbeat";

afterEach(() => vi.useRealTimers());

/** Heartbeats sent while the work takes ten seconds of (fake) time. */
async function beatsDuringWork(isLocal: boolean): Promise<number> {
  vi.useFakeTimers();
  const env = new MockActivityEnvironment({ isLocal });
  let beats = 0;
  env.on("heartbeat", () => beats++);
  const done = env.run(() => heartbeating(Context.current(), () => new Promise((r) => setTimeout(r, 10_000))));
  await vi.advanceTimersByTimeAsync(10_000);
  await done;
  return beats;
}

it("heartbeats through the work of a regular activity, and never in a local one, which cannot", async () => {
  expect(await beatsDuringWork(false)).toBe(3);
  expect(await beatsDuringWork(true)).toBe(0);
});
