import { describe, expect, it } from "vitest";
import { listNames, outcomeReason, type SkipContext, type StepOutcome } from "./skip-reason";

/** The seed's story: review gates tweet and facebook; notify needs both; log runs alone. */
const steps = [
  { id: "review", needs: [] },
  { id: "tweet", needs: ["review"] },
  { id: "facebook", needs: ["review"] },
  { id: "log", needs: [], if: "trigger.body.log" },
  { id: "notify", needs: ["tweet", "facebook"] },
];
const ok: StepOutcome = { status: "succeeded", reason: null, blockedBy: null };
const context = (outcomes: Record<string, StepOutcome>, rerunOf: string | null = null): SkipContext => ({
  steps,
  outcomes,
  rerunOf,
});
const skip = (reason: string, blockedBy: string | null = null): StepOutcome => ({
  status: "skipped",
  reason,
  blockedBy,
});
const decision = (actor: string, actorName: string | null, d = "reject") => ({ actor, actorName, decision: d });

describe("outcomeReason", () => {
  it("names the failed step that blocked a dependent", () => {
    const c = context({
      tweet: { status: "failed", reason: null, blockedBy: null },
      notify: skip("upstream_failed", "tweet"),
    });
    expect(outcomeReason("notify", c)).toBe("blocked by tweet");
    expect(outcomeReason("tweet", c)).toBeNull();
    expect(outcomeReason("notify", context({ notify: skip("upstream_failed") }))).toBe("blocked by a failed step");
  });

  it("names who rejected the checkpoint upstream, however far down the step is", () => {
    const review: StepOutcome = {
      ...ok,
      approval: { status: "rejected", decisions: [decision("bo@x.io", "Bo", "approve"), decision("ana@x.io", "Ana")] },
    };
    const c = context({ review, tweet: skip("rejected"), facebook: skip("rejected"), notify: skip("rejected") });
    expect(outcomeReason("tweet", c)).toBe("rejected by Ana");
    expect(outcomeReason("notify", c)).toBe("rejected by Ana");
  });

  it("falls back to the email, names several people once each, and words an automatic rejection", () => {
    const review: StepOutcome = {
      ...ok,
      approval: {
        status: "rejected",
        decisions: [decision("ana@x.io", "Ana"), decision("cy@x.io", null), decision("auto", "Automatic")],
      },
    };
    expect(outcomeReason("tweet", context({ review, tweet: skip("rejected") }))).toBe(
      "rejected by Ana, cy@x.io and an automatic rule",
    );
  });

  it("says when nobody decided in time, and when the rejecting decision is not in this run (a re-run reused it)", () => {
    const timedOut = { ...ok, approval: { status: "timed_out", decisions: [] } };
    expect(outcomeReason("tweet", context({ review: timedOut, tweet: skip("rejected") }))).toBe(
      "rejected: nobody decided at review in time",
    );
    expect(outcomeReason("tweet", context({ review: { ...ok, reason: "reused" }, tweet: skip("rejected") }))).toBe(
      "rejected at a checkpoint",
    );
  });

  it("does not take a test-mode rejection of an ancestor (which skipped only that step) for the reason", () => {
    const tweet: StepOutcome = {
      ...skip("test_skipped"),
      approval: { status: "rejected", decisions: [decision("ana@x.io", "Ana")] },
    };
    const c = context({ review: ok, tweet, notify: skip("rejected") });
    expect(outcomeReason("tweet", c)).toBe("test: skipped");
    expect(outcomeReason("notify", c)).toBe("rejected at a checkpoint");
  });

  it("names steps a partial test run left out", () => {
    expect(outcomeReason("notify", context({ notify: skip("not_selected") }))).toBe(
      "not part of this partial test run",
    );
  });

  it("tells a false condition of the step's own from a branch not taken upstream", () => {
    expect(outcomeReason("log", context({ log: skip("condition") }))).toBe("its condition was false");
    expect(outcomeReason("notify", context({ notify: skip("condition") }))).toBe("not on the branch taken");
  });

  it("words reuse, remembered results, cancellation and unknown reasons, and says nothing of plain outcomes", () => {
    expect(outcomeReason("log", context({ log: { ...ok, reason: "reused" } }, "run_1"))).toBe("reused from run run_1");
    expect(outcomeReason("log", context({ log: { ...ok, reason: "reused" } }))).toBe("reused from an earlier run");
    // The run that computed it, which a re-run of a re-run (or of a cached step) names.
    expect(outcomeReason("log", context({ log: { ...ok, reason: "reused", reusedFrom: "run_0" } }, "run_1"))).toBe(
      "reused from run run_0",
    );
    expect(outcomeReason("log", context({ log: { ...ok, reason: "cached", cachedFrom: "cmx371k4c0002abcd" } }))).toBe(
      "cached from run 0002abcd", // the run id's end, as the run page's header shows it
    );
    expect(outcomeReason("log", context({ log: { ...ok, reason: "cached" } }))).toBe("a remembered result");
    expect(outcomeReason("log", context({ log: { status: "cancelled", reason: null, blockedBy: null } }))).toBe(
      "cancelled with the run",
    );
    expect(outcomeReason("log", context({ log: skip("something_new") }))).toBe("skipped");
    expect(outcomeReason("notify", context({ log: skip("upstream_failed") }))).toBeNull();
    expect(outcomeReason("log", context({ log: ok }))).toBeNull();
  });
});

describe("listNames", () => {
  it("joins with commas and a final and", () => {
    expect([listNames([]), listNames(["Ana"]), listNames(["Ana", "Bo"]), listNames(["Ana", "Bo", "Cy"])]).toEqual([
      "",
      "Ana",
      "Ana and Bo",
      "Ana, Bo and Cy",
    ]);
  });
});
