// Runs in flight when the worker is upgraded go on under the new code, so their histories must
// replay. The fixture is a run recorded with the interpreter of commit 075564b, before runs were
// claimed at their start (beginRun): two parallel root steps, a pure step, one more step.
import { readFile } from "node:fs/promises";
import proto from "@temporalio/proto";
import { Worker } from "@temporalio/worker";
import { describe, expect, inject, it } from "vitest";

const { History } = proto.temporal.api.history.v1;

async function unclaimedRunHistory() {
  return History.decode(await readFile(new URL("./fixtures/unclaimed-run.history.bin", import.meta.url)));
}

describe("histories from before runs were claimed at their start", () => {
  it("hold what that interpreter did: no claim, and root steps that flip the run to running themselves", async () => {
    const events = (await unclaimedRunHistory()).events ?? [];
    expect(events.some((e) => e.markerRecordedEventAttributes)).toBe(false);
    const rootSteps = events
      .map((e) => e.activityTaskScheduledEventAttributes)
      .filter((a) => a?.activityType?.name === "executeStep")
      .map((a) => JSON.parse(Buffer.from(a!.input!.payloads![0]!.data!).toString()) as Record<string, unknown>);
    expect(rootSteps.map((s) => [s.stepId, s.marksRunStarted])).toEqual([
      ["a", true],
      ["b", true],
      ["c", false],
    ]);
  });

  it("replay under today's interpreter without nondeterminism", async () => {
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: inject("workflowBundlePath") } },
      await unclaimedRunHistory(),
      "run-from-075564b",
    );
  });
});
