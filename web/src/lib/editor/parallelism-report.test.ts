import { describe, expect, it } from "vitest";
import { ASSUMED_STEP_MS, describeParallelism, parallelismReport } from "./parallelism-report";
import { announce, define } from "./test-fixtures";

const fanOut = define({
  name: "fan out",
  trigger: { type: "webhook" },
  steps: [
    { id: "a", uses: "http.request", with: { url: "https://a.example" } },
    { id: "b", uses: "http.request", with: { url: "https://b.example" } },
    { id: "join", uses: "core.merge", needs: ["a", "b"] },
  ],
});

describe("parallelismReport", () => {
  it("uses measured durations and the critical path of the shared module", () => {
    const report = parallelismReport(fanOut, { a: 800, b: 400, join: 10, gone: 5_000 });
    expect(report.summary).toMatchObject({ maxParallel: 2, expectedMs: 810, sequentialMs: 1_210 });
    expect(report.criticalPath).toEqual(["a", "join"]);
    expect(report.durationsMs).toEqual({ a: 800, b: 400, join: 10 });
    expect(report.estimated).toEqual([]);
    expect(describeParallelism(report)).toBe("2 steps run at once; expected 810 ms instead of 1.2 s one after another");
  });

  it("counts unmeasured steps as the typical measured one, or a second when none was", () => {
    expect(parallelismReport(fanOut, { a: 300, b: 500 })).toMatchObject({ estimated: ["join"], assumedMs: 400 });
    const none = parallelismReport(fanOut, {});
    expect(none.assumedMs).toBe(ASSUMED_STEP_MS);
    expect(none.summary.expectedMs).toBe(2 * ASSUMED_STEP_MS);
  });

  it("lists the edges that only order steps", () => {
    const ordered = define({
      ...fanOut,
      steps: [fanOut.steps[0], { ...fanOut.steps[1], needs: ["a"] }, fanOut.steps[2]],
    });
    expect(parallelismReport(ordered, {}).orderingOnly).toEqual([{ from: "a", to: "b" }]);
    expect(parallelismReport(announce, {}).orderingOnly).toEqual([{ from: "facebook", to: "notify" }]);
  });
});
