// Starting runs on a real database (no Temporal: accepted runs wait in the outbox, as stored):
// a disabled workflow takes test runs only; upTo and only are checked against the latest
// version, and `only` takes its ancestors' outputs from the request or their last success.
import { useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { startWorkflowRun, type StartRunBody } from "./workflow-runs";
import { editorOfNewWorkspace, SIGNUP_INPUT_SCHEMA, transformFlow, workflowTestServices } from "./workflow-test-kit";
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

describe("startWorkflowRun of a manual trigger with an input schema", () => {
  async function signupIn(slug: string): Promise<{ s: Services; caller: ApiCaller }> {
    const s = workflowTestServices(t.db);
    const caller = await editorOfNewWorkspace(t.db, slug);
    await applyWorkflow(s, caller, "chain", {
      ...transformFlow("Signup"),
      trigger: { type: "manual", input: SIGNUP_INPUT_SCHEMA },
    });
    return { s, caller };
  }
  const counts = (workspaceId: string) =>
    Promise.all([t.db.run.count({ where: { workspaceId } }), t.db.event.count({ where: { workspaceId } })]);

  it("stores a valid input as the trigger's body, with the schema's defaults filled in", async () => {
    const w = await signupIn("manual-valid");
    const { runId } = await start(w, { input: { email: "ana@example.com" } });
    expect(await stored(runId)).toMatchObject({
      source: "api",
      event: { payload: { body: { email: "ana@example.com", seats: 1 } } },
    });
  });

  it("refuses a bad input with a 400 naming each field, and stores nothing", async () => {
    const w = await signupIn("manual-invalid");
    const err = await start(w, {
      input: { email: "nope", seats: 0, extra: true, code: `${"a".repeat(40)}!` },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      status: 400,
      code: "invalid_input",
      details: {
        errors: expect.arrayContaining([
          { path: "/email", message: 'must match format "email"', keyword: "format" },
          { path: "/seats", message: "must be >= 1", keyword: "minimum" },
          { path: "/extra", message: "is not a property the schema allows", keyword: "additionalProperties" },
          { path: "/code", message: 'must match pattern "^(a+)+$"', keyword: "pattern" },
        ]),
      },
    });
    const { message } = err as Error;
    for (const named of ['/email must match format "email"', "/seats must be >= 1", "/extra", "/code"])
      expect(message).toContain(named);
    await expect(start(w, {})).rejects.toMatchObject({
      status: 400,
      details: { errors: [{ path: "/email", message: "is required", keyword: "required" }] },
    });
    expect(await counts(w.caller.workspaceId)).toEqual([0, 0]);
  });

  it("refuses an invalid schema at save, at its path", async () => {
    const s = workflowTestServices(t.db);
    const caller = await editorOfNewWorkspace(t.db, "manual-bad-schema");
    await expect(
      applyWorkflow(s, caller, "bad", {
        ...transformFlow("Bad"),
        trigger: { type: "manual", input: { type: "object", properties: { a: { type: "string", pattern: "(?!x)" } } } },
      }),
    ).rejects.toMatchObject({
      status: 400,
      code: "invalid_definition",
      details: {
        errors: [{ path: "$.trigger.input.properties.a.pattern", message: expect.stringContaining("not supported") }],
      },
    });
    expect(await t.db.workflow.count({ where: { workspaceId: caller.workspaceId } })).toBe(0);
  });
});
