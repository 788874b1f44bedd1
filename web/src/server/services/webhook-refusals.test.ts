// Refusals counted in memory and written once per interval, in one batch per flush.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createRefusalTally } from "./webhook-refusals";

afterEach(() => vi.useRealTimers());

describe("createRefusalTally", () => {
  it("writes a second's refusals once, counted per workflow and reason", async () => {
    vi.useFakeTimers();
    const writes: unknown[][] = [];
    const tally = createRefusalTally(async (counts) => void writes.push(counts), { intervalMs: 1_000 });
    await tally.note("wf-a", "bad_signature");
    await tally.note("wf-a", "bad_signature");
    await tally.note("wf-a", "rate_limited");
    await tally.note("wf-b", "bad_signature");
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toEqual([
      expect.objectContaining({ workflowId: "wf-a", reason: "bad_signature", count: 2 }),
      expect.objectContaining({ workflowId: "wf-a", reason: "rate_limited", count: 1 }),
      expect.objectContaining({ workflowId: "wf-b", reason: "bad_signature", count: 1 }),
    ]);
    // Nothing noted since: no empty write on the next tick.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(writes).toHaveLength(1);
  });

  it("writes at once with an interval of 0, and when its memory bound is reached", async () => {
    const writes: number[] = [];
    const now = createRefusalTally(async (counts) => void writes.push(counts.length), { intervalMs: 0 });
    await now.note("wf", "too_large");
    expect(writes).toEqual([1]);

    vi.useFakeTimers();
    const batched: number[] = [];
    const bounded = createRefusalTally(async (counts) => void batched.push(counts.reduce((n, c) => n + c.count, 0)), {
      intervalMs: 60_000,
    });
    for (let i = 0; i < 10_000; i++) await bounded.note(`wf-${i % 7}`, "bad_signature");
    expect(batched).toEqual([10_000]);
  });
});
