import { stepSchema } from "@switchyard/workflows/definition";
import { describe, expect, it } from "vitest";
import { axisTicks, ganttLayout, maxConcurrent, overlap, percent, type GanttInput, type GanttStep } from "./gantt";

const T0 = Date.parse("2026-11-29T12:00:00.000Z");
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const def = (...steps: [string, string[]][]) => ({
  steps: steps.map(([id, needs]) => stepSchema.parse({ id, uses: "http.request", needs })),
});
const step = (id: string, status: string, start?: number, end?: number, extra: Partial<GanttStep> = {}): GanttStep => ({
  id,
  status,
  startedAt: start === undefined ? null : iso(start),
  endedAt: end === undefined ? null : iso(end),
  ...extra,
});

/** The seed's story: review, then tweet and facebook at once, log alongside from the start, notify last. */
const announce = def(
  ["review", []],
  ["tweet", ["review"]],
  ["facebook", ["review"]],
  ["log", []],
  ["notify", ["tweet", "facebook"]],
);
const input = (steps: GanttStep[], over: Partial<GanttInput> = {}): GanttInput => ({
  definition: announce,
  steps,
  runStartedAt: iso(0),
  runEndedAt: null,
  now: T0 + 10_000,
  ...over,
});
const bars = (layout: ReturnType<typeof ganttLayout>) =>
  Object.fromEntries(layout.rows.map((r) => [r.id, r.bar && [r.bar.startMs, r.bar.endMs]]));

describe("ganttLayout", () => {
  const finished = input(
    [
      step("review", "succeeded", 0, 2_000, { waiting: { from: iso(0), until: iso(2_000) } }),
      step("tweet", "failed", 2_100, 2_600),
      step("facebook", "succeeded", 2_100, 3_500),
      step("log", "succeeded", 50, 400),
      step("notify", "skipped"),
    ],
    { runEndedAt: iso(3_600) },
  );

  it("places bars from each step's start to its end, in ms from the run's start, one row per step", () => {
    const layout = ganttLayout(finished);
    expect(bars(layout)).toEqual({
      review: [0, 2_000],
      tweet: [2_100, 2_600],
      facebook: [2_100, 3_500],
      log: [50, 400],
      notify: null,
    });
    expect(layout.totalMs).toBe(3_600);
  });

  it("lets branches that ran at once overlap, and counts the most steps at one moment", () => {
    const layout = ganttLayout(finished);
    const overlaps = Object.fromEntries(layout.rows.map((r) => [r.id, r.bar?.overlaps]));
    expect(overlaps).toEqual({
      review: ["log"],
      tweet: ["facebook"],
      facebook: ["tweet"],
      log: ["review"],
      notify: undefined,
    });
    expect(layout.maxConcurrent).toBe(2);
  });

  it("marks the critical path of the run's own durations, only on steps that ran", () => {
    const layout = ganttLayout(finished);
    expect(layout.criticalPath).toEqual(["review", "facebook"]);
    expect(layout.rows.filter((r) => r.bar?.critical).map((r) => r.id)).toEqual(["review", "facebook"]);
  });

  it("shows the waiting time of a checkpoint, and of a test-mode step's approval before it ran", () => {
    const layout = ganttLayout(
      input([
        step("review", "waiting", 0, undefined, { waiting: { from: iso(0), until: null } }),
        step("log", "succeeded", 100, 4_000, { waiting: { from: iso(100), until: iso(3_000) } }),
      ]),
    );
    expect(layout.rows[0]!.bar!.waiting).toEqual({ startMs: 0, endMs: 10_000 });
    expect(layout.rows[1]!.bar!.waiting).toEqual({ startMs: 100, endMs: 3_000 });
  });

  it("grows running bars with the injected now, and stops them at the run's end", () => {
    const running = [step("review", "succeeded", 0, 1_000), step("tweet", "running", 1_200)];
    const early = ganttLayout(input(running, { now: T0 + 5_000 }));
    const later = ganttLayout(input(running, { now: T0 + 8_000 }));
    expect(early.rows[1]!.bar).toMatchObject({ startMs: 1_200, endMs: 5_000, open: true });
    expect([later.rows[1]!.bar!.endMs, later.totalMs]).toEqual([8_000, 8_000]);
    const stopped = ganttLayout(input(running, { now: T0 + 60_000, runEndedAt: iso(6_000) }));
    expect([stopped.rows[1]!.bar!.endMs, stopped.totalMs]).toEqual([6_000, 6_000]);
  });

  it("starts the axis at the earliest step when one started before the run's recorded start", () => {
    const layout = ganttLayout(input([step("log", "succeeded", -500, 500)], { runStartedAt: iso(0) }));
    expect(bars(layout).log).toEqual([0, 1_000]);
  });

  it("draws nothing for a run that never started, with an axis that is never zero long", () => {
    const layout = ganttLayout(input([step("review", "pending")], { runStartedAt: null, now: T0 }));
    expect([layout.totalMs, layout.maxConcurrent, layout.criticalPath]).toEqual([1, 0, []]);
    expect(layout.rows[0]!.bar).toBeNull();
  });

  it("keeps a step settled in an instant as a zero-length bar that overlaps nothing", () => {
    const layout = ganttLayout(
      input([step("review", "succeeded", 0, 2_000), step("log", "skipped", 1_000, 1_000)], { runEndedAt: iso(2_000) }),
    );
    expect(layout.rows[1]!.bar).toMatchObject({ startMs: 1_000, endMs: 1_000, overlaps: [] });
    expect(layout.rows[0]!.bar!.overlaps).toEqual([]);
  });
});

describe("overlap and maxConcurrent", () => {
  it("does not count spans that only touch", () => {
    expect(overlap({ startMs: 0, endMs: 10 }, { startMs: 10, endMs: 20 })).toBe(false);
    expect(overlap({ startMs: 0, endMs: 11 }, { startMs: 10, endMs: 20 })).toBe(true);
    expect(
      maxConcurrent([
        { startMs: 0, endMs: 10 },
        { startMs: 10, endMs: 20 },
        { startMs: 5, endMs: 15 },
      ]),
    ).toBe(2);
  });
});

describe("axisTicks", () => {
  it("uses a readable interval with at most six of them, from 0 to the end", () => {
    expect(axisTicks(3_600).map((t) => t.label)).toEqual(["0", "1 s", "2 s", "3 s"]);
    expect(axisTicks(1_000).map((t) => t.ms)).toEqual([0, 200, 400, 600, 800, 1_000]);
    expect(axisTicks(90_000).map((t) => t.label)).toEqual([
      "0",
      "15 s",
      "30 s",
      "45 s",
      "1 min",
      "1 min 15 s",
      "1 min 30 s",
    ]);
    expect(axisTicks(1).map((t) => t.ms)).toEqual([0, 1]);
  });

  it("goes on in whole days past the largest interval", () => {
    const ticks = axisTicks(10 * 24 * 3_600_000);
    expect(ticks.map((t) => t.label)).toEqual(["0", "2 d", "4 d", "6 d", "8 d", "10 d"]);
  });

  it("turns positions into percentages of the axis", () => {
    expect(percent(900, 3_600)).toBe(25);
  });
});
