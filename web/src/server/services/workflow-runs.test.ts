// Starting runs on a real database (no Temporal: accepted runs wait in the outbox, as stored):
// a disabled workflow takes test runs only; upTo and only are checked against the latest
// version, and `only` takes its ancestors' outputs from the request or their last success.
import { useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { startWorkflowRun, type StartRunBody } from "./workflow-runs";
import { editorOfNewWorkspace, transformFlow, workflowTestServices } from "./workflow-test-kit";
import { applyWorkflow } from "./workflows";

const t = useTestDatabase();

/** a → b → c, and d on its own. */
const CHAIN = [
  { id: "a", needs: [] },
  { id: "b", needs: ["a"] },
  { id: "c", needs: ["b"] },
  { id: "d", needs: [] },
];

async function chainIn(slug: string, { enabled = true } = {}): Promise<{ s: Services; caller: ApiCaller }> {
  const s = workflowTestServices(t.db);
  const caller = await editorOfNewWorkspace(t.db, slug);
  await applyWorkflow(s, caller, "chain", transformFlow("Chain", CHAIN), { enabled });
  return { s, caller };
}

const start = ({ s, caller }: { s: Services; caller: ApiCaller }, body: StartRunBody) =>
  startWorkflowRun(s, caller.workspaceId, "chain", body, caller.member!.id);
const stored = (runId: string) =>
  t.db.run.findUniqueOrThrow({
    where: { id: runId },
    select: {
      source: true,
      fromStep: true,
      upTo: true,
      reuse: true,
      testMode: true,
      event: { select: { payload: true } },
    },
  });

describe("startWorkflowRun", () => {
  it("refuses a whole run of a disabled workflow, and takes its test runs", async () => {
    const w = await chainIn("runs-disabled", { enabled: false });
    await expect(start(w, { input: {} })).rejects.toMatchObject({ status: 409, code: "workflow_disabled" });
    expect(await stored((await start(w, { input: { x: 1 }, testMode: true })).runId)).toMatchObject({
      source: "api",
      testMode: true,
      event: { payload: { body: { x: 1 } } },
    });
    expect(await stored((await start(w, { upTo: "a" })).runId)).toMatchObject({
      source: "api",
      upTo: "a",
      fromStep: null,
    });
  });

  it("stores upTo as a partial run, and refuses a step the latest version lacks, naming its steps", async () => {
    const w = await chainIn("runs-up-to");
    expect(await stored((await start(w, { upTo: "b" })).runId)).toMatchObject({ upTo: "b", reuse: null });
    await expect(start(w, { upTo: "zz" })).rejects.toMatchObject({
      status: 400,
      code: "unknown_step",
      message: 'upTo: "zz" is not a step of the latest version; its steps are: a, b, c, d.',
    });
    await expect(start(w, { upTo: "a", only: "b" })).rejects.toMatchObject({ status: 400 });
  });

  it("runs one step on the sample outputs given for its ancestors, and refuses outputs for other steps", async () => {
    const w = await chainIn("runs-only-given");
    const { runId } = await start(w, { only: "c", sampleOutputs: { a: { n: 1 }, b: { n: 2 } } });
    expect(await stored(runId)).toMatchObject({ upTo: "c", reuse: { a: { n: 1 }, b: { n: 2 } } });
    await expect(start(w, { only: "c", sampleOutputs: { a: 1, b: 2, d: 3 } })).rejects.toMatchObject({
      status: 400,
      code: "invalid_sample_outputs",
      message: 'sampleOutputs: d is not a step that "c" depends on.',
    });
    await expect(start(w, { upTo: "c", sampleOutputs: {} })).rejects.toMatchObject({ status: 400 });
  });

  it("takes missing ancestors' outputs from their last success, and names those it cannot find", async () => {
    const w = await chainIn("runs-only-recorded");
    await expect(start(w, { only: "c", sampleOutputs: { b: 2 } })).rejects.toMatchObject({
      status: 400,
      code: "missing_sample_outputs",
      details: { missing: ["a"] },
    });
    const earlier = await start(w, { upTo: "a" });
    await t.db.stepRun.create({
      data: {
        runId: earlier.runId,
        stepId: "a",
        status: "succeeded",
        output: { from: "earlier" },
        endedAt: new Date(),
      },
    });
    const { runId } = await start(w, { only: "c", sampleOutputs: { b: 2 } });
    expect((await stored(runId)).reuse).toEqual({ a: { from: "earlier" }, b: 2 });
  });
});
