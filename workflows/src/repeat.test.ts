import { afterEach, describe, expect, it, vi } from "vitest";
import { repeat } from "./repeat";

afterEach(() => vi.useRealTimers());

describe("repeat", () => {
  it("waits first, then each wait its tick answers, and stops after the tick under way", async () => {
    vi.useFakeTimers();
    const ticks: number[] = [];
    let release!: () => void;
    const stop = repeat(100, async () => {
      ticks.push(Date.now());
      if (ticks.length === 3) await new Promise<void>((r) => (release = r));
      return ticks.length * 1_000;
    });
    const t0 = Date.now();
    await vi.advanceTimersByTimeAsync(99);
    expect(ticks).toEqual([]);
    await vi.advanceTimersByTimeAsync(1 + 1_000 + 2_000);
    expect(ticks.map((t) => t - t0)).toEqual([100, 1_100, 3_100]);
    // The third tick is still going: stopping waits for it, and no fourth one starts.
    let stopped = false;
    void stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(stopped).toBe(false);
    release();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(stopped).toBe(true);
    expect(ticks).toHaveLength(3);
  });

  it("tells a long tick when it has been stopped", async () => {
    vi.useFakeTimers();
    const seen: boolean[] = [];
    const stop = repeat(0, async (stopped) => {
      seen.push(stopped());
      await new Promise((r) => setTimeout(r, 50));
      seen.push(stopped());
      return 1_000;
    });
    await vi.advanceTimersByTimeAsync(10);
    const stopping = stop();
    await vi.advanceTimersByTimeAsync(100);
    await stopping;
    expect(seen).toEqual([false, true]);
  });
});
