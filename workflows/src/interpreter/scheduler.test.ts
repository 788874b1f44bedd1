import { describe, expect, it } from "vitest";
import type { StepDefinition } from "../definition/schema";
import type { StepState, StepStatus } from "./contract";
import { planReadySteps } from "./scheduler";

const step = (id: string, needs: string[] = [], needsMode: "all" | "any" = "all") =>
  ({ id, uses: "http.request", needs, needsMode, with: {} }) as unknown as StepDefinition;

const states = (entries: Record<string, StepStatus | StepState>): Record<string, StepState> =>
  Object.fromEntries(Object.entries(entries).map(([id, s]) => [id, typeof s === "string" ? { status: s } : s]));

const started = (plan: ReturnType<typeof planReadySteps>) => plan.start.map((s) => s.id);

describe("planReadySteps", () => {
  it("starts every root at once, and nothing that waits on them", () => {
    const steps = [step("a"), step("b"), step("join", ["a", "b"])];
    const plan = planReadySteps(steps, states({ a: "pending", b: "pending", join: "pending" }));
    expect(started(plan)).toEqual(["a", "b"]);
    expect(plan.skip).toEqual([]);
  });

  it("starts a join once all its needs succeeded, and not while one still runs", () => {
    const steps = [step("a"), step("b"), step("join", ["a", "b"])];
    expect(started(planReadySteps(steps, states({ a: "succeeded", b: "running", join: "pending" })))).toEqual([]);
    expect(started(planReadySteps(steps, states({ a: "succeeded", b: "succeeded", join: "pending" })))).toEqual([
      "join",
    ]);
  });

  it("skips only the failed step's descendants, cascading in one plan, and starts the unrelated branch", () => {
    const steps = [step("tweet"), step("notify", ["tweet"]), step("archive", ["notify"]), step("facebook")];
    const plan = planReadySteps(
      steps,
      states({ tweet: "failed", notify: "pending", archive: "pending", facebook: "pending" }),
    );
    expect(plan.skip).toEqual([
      { id: "notify", state: { status: "skipped", reason: "upstream_failed", blockedBy: "tweet" } },
      { id: "archive", state: { status: "skipped", reason: "upstream_failed", blockedBy: "tweet" } },
    ]);
    expect(started(plan)).toEqual(["facebook"]);
  });

  it("cascades a skip to a step listed before its parent", () => {
    const steps = [step("late", ["mid"]), step("mid", ["root"]), step("root")];
    const plan = planReadySteps(
      steps,
      states({ late: "pending", mid: "pending", root: { status: "skipped", reason: "condition" } }),
    );
    expect(plan.skip.map((s) => [s.id, s.state.reason])).toEqual([
      ["mid", "condition"],
      ["late", "condition"],
    ]);
  });

  it("runs an `any` join when one parent passed, even if another failed", () => {
    const steps = [step("a"), step("b"), step("either", ["a", "b"], "any")];
    expect(started(planReadySteps(steps, states({ a: "failed", b: "succeeded", either: "pending" })))).toEqual([
      "either",
    ]);
  });

  it("lets a continued failure through and skips behind a halting filter", () => {
    const steps = [step("a"), step("after-a", ["a"]), step("filter"), step("after-filter", ["filter"])];
    const plan = planReadySteps(
      steps,
      states({
        a: { status: "failed", continued: true },
        "after-a": "pending",
        filter: { status: "succeeded", halts: true },
        "after-filter": "pending",
      }),
    );
    expect(started(plan)).toEqual(["after-a"]);
    expect(plan.skip).toEqual([{ id: "after-filter", state: { status: "skipped", reason: "condition" } }]);
  });

  it("never starts a step that is already running or settled, and leaves the given states untouched", () => {
    const steps = [step("a"), step("b")];
    const given = states({ a: "running", b: "succeeded" });
    expect(planReadySteps(steps, given)).toEqual({ skip: [], start: [] });
    expect(given).toEqual(states({ a: "running", b: "succeeded" }));
  });

  it("skips everything behind a rejected checkpoint with reason rejected, however far down", () => {
    const steps = [step("gate"), step("post", ["gate"]), step("notify", ["post"]), step("other")];
    const rejected: StepState = { status: "succeeded", halts: true, haltReason: "rejected" };
    const plan = planReadySteps(
      steps,
      states({ gate: rejected, post: "pending", notify: "pending", other: "pending" }),
    );
    expect(plan.skip).toEqual([
      { id: "post", state: { status: "skipped", reason: "rejected" } },
      { id: "notify", state: { status: "skipped", reason: "rejected" } },
    ]);
    expect(started(plan)).toEqual(["other"]);
  });

  it("waits on a checkpoint that is waiting", () => {
    const steps = [step("gate"), step("post", ["gate"])];
    expect(planReadySteps(steps, states({ gate: "waiting", post: "pending" }))).toEqual({ skip: [], start: [] });
  });
});
