// A partial run (`upTo`) runs one step and its ancestors; with every ancestor's output
// reused it runs the step alone. Left-out steps are skipped `not_selected` and never called.
import { prepareWorkflow, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { dispatchRun } from "../outbox";
import { runInputOf, storedRunSelect, storeRun, type NewRun } from "../runs";

const t = useTestDatabase();
const h = useEngine(t, "partial-run");

let n = 0;
const unique = (base: string) => `${base}${++n}`;
const step = (id: string, needs: string[] = [], body: unknown = { step: id }) => ({
  id,
  uses: "http.request",
  needs,
  with: { url: `${h.sink.url}/${id}`, method: "POST", body },
  retry: { maxAttempts: 1 },
});

async function runPartial(steps: unknown[], run: Pick<NewRun, "upTo" | "reuse">) {
  const wf = await prepareWorkflow(t.db, h.engine, { steps });
  const version = await t.db.workflowVersion.findUniqueOrThrow({
    where: { id: wf.seeded.versionId },
    select: { id: true, definition: true },
  });
  const start = await storeRun(t.db, {
    workspaceId: wf.seeded.workspaceId,
    workflowId: wf.seeded.workflowId,
    version,
    source: "api",
    event: { source: "api", payload: { body: { greeting: "hi" } } },
    ...run,
  });
  await dispatchRun(t.db, h.engine, start);
  return wf.finish(start.runId);
}

describe("upTo", () => {
  it("runs the step and its ancestors; the rest is skipped not_selected and never called", async () => {
    const [a, b, c, d] = [unique("a"), unique("b"), unique("c"), unique("d")];
    const r = await runPartial([step(a), step(b, [a]), step(c, [b]), step(d)], { upTo: b });
    expect(r.status).toBe("succeeded");
    expect(r.steps[a]!.status).toBe("succeeded");
    expect(r.steps[b]!.status).toBe("succeeded");
    for (const id of [c, d]) {
      expect(r.steps[id]).toMatchObject({ status: "skipped", reason: "not_selected" });
      expect(h.sink.calls(`/${id}`)).toHaveLength(0);
    }
    expect(h.sink.calls(`/${a}`)).toHaveLength(1);
  });

  it("with its ancestors' outputs reused, runs one step alone on that sample data", async () => {
    const [a, b] = [unique("a"), unique("b")];
    const r = await runPartial([step(a), step(b, [a], { from: `{{ steps.${a}.output.value }}` })], {
      upTo: b,
      reuse: { [a]: { value: "sample" } },
    });
    expect(r.status).toBe("succeeded");
    expect(r.steps[a]).toMatchObject({ status: "succeeded", reason: "reused" });
    expect(h.sink.calls(`/${a}`)).toHaveLength(0);
    expect(h.sink.calls(`/${b}`).map((c) => JSON.parse(c.body) as unknown)).toEqual([{ from: "sample" }]);
  });

  it("naming no step of the definition fails the run, naming its steps, and calls nothing", async () => {
    const a = unique("a");
    const r = await runPartial([step(a)], { upTo: "nope" });
    expect(r.status).toBe("failed");
    const run = await t.db.run.findUniqueOrThrow({ where: { id: r.runId } });
    expect(run.error).toMatchObject({
      message: expect.stringContaining(`"nope", which is not a step of this definition; its steps are: ${a}`),
    });
    expect(h.sink.calls(`/${a}`)).toHaveLength(0);
  });

  it("is kept with the stored run, so the relay and a stored input start the same partial run", async () => {
    const [a, b] = [unique("a"), unique("b")];
    const wf = await prepareWorkflow(t.db, h.engine, { steps: [step(a), step(b, [a])] });
    const start = await storeRun(t.db, {
      workspaceId: wf.seeded.workspaceId,
      workflowId: wf.seeded.workflowId,
      version: await t.db.workflowVersion.findUniqueOrThrow({ where: { id: wf.seeded.versionId } }),
      source: "api",
      event: { source: "api", payload: {} },
      upTo: a,
    });
    const stored = await t.db.run.findUniqueOrThrow({ where: { id: start.runId }, select: storedRunSelect });
    expect(stored).toMatchObject({ upTo: a });
    expect(runInputOf(stored).upTo).toBe(a);
    expect(start).toMatchObject({ upTo: a });
  });
});
