// Runaway templates against a real worker: they fail their own step (or item) with
// the limit they hit, while the workflow task, the worker and other runs go on.
import { prepareWorkflow, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { Worker } from "@temporalio/worker";
import { describe, expect, inject, it } from "vitest";
import { workflowIdForRun } from "../client";
import { LIMITS } from "../definition/template";
import { INLINE_OUTPUT_BYTES } from "./contract";

const t = useTestDatabase();
const h = useEngine(t, "template-limits");

const recursion = (n: number) => `{{ ($f := function($n){ $n <= 0 ? 0 : 1 + $f($n - 1) }; $f(${n})) }}`;
const loop = (n: number) => `{{ ($f := function($n){ $n <= 0 ? 'done' : $f($n - 1) }; $f(${n})) }}`;
const transform = (id: string, value: unknown, extra: Record<string, unknown> = {}) => ({
  id,
  uses: "core.transform",
  with: { value },
  ...extra,
});
const http = (id: string, needs: string[] = []) => ({
  id,
  uses: "http.request",
  needs,
  with: { url: `${h.sink.url}/${id}`, method: "POST", body: { step: id } },
});
const errorOf = (s: { error: unknown } | undefined) => (s?.error as { message?: string } | null)?.message ?? "";

async function workflowTaskFailures(runId: string): Promise<number> {
  const history = await h.engine.temporal.workflow.getHandle(workflowIdForRun(runId)).fetchHistory();
  return history.events!.filter((e) => e.workflowTaskFailedEventAttributes).length;
}

async function renderActivities(runId: string): Promise<number> {
  const history = await h.engine.temporal.workflow.getHandle(workflowIdForRun(runId)).fetchHistory();
  return history.events!.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === "renderTemplates")
    .length;
}

describe("runaway templates", () => {
  it("a million-deep recursion fails its step, not the workflow task; another workspace's run is served meanwhile", async () => {
    const bad = await prepareWorkflow(t.db, h.engine, {
      steps: [transform("deep", recursion(1_000_000)), transform("fine", "{{ 1 + 1 }}"), http("after", ["fine"])],
    });
    const good = await prepareWorkflow(t.db, h.engine, {
      steps: [transform("shape", "{{ trigger.body.x }}"), http("notify", ["shape"])],
    });
    expect(good.seeded.workspaceId).not.toBe(bad.seeded.workspaceId);

    const [badId, goodId] = await Promise.all([bad.start(), good.start({ trigger: { body: { x: 7 } } })]);
    const [b, g] = await Promise.all([bad.finish(badId), good.finish(goodId)]);

    expect(b.status).toBe("partially_succeeded");
    expect(b.steps.deep).toMatchObject({ status: "failed" });
    expect(errorOf(b.steps.deep)).toContain("template exceeded its limits: depth");
    expect(b.steps.fine).toMatchObject({ status: "succeeded", output: 2 });
    expect(b.steps.after).toMatchObject({ status: "succeeded" });
    const alert = await t.db.alert.findFirstOrThrow({ where: { runId: badId } });
    expect(alert.message).toContain("deep: {{");

    expect(g.status).toBe("succeeded");
    expect(g.steps.shape).toMatchObject({ output: 7 });
    expect(await workflowTaskFailures(badId)).toBe(0);
  });

  it("heavy templates in one workflow task spend one budget: the renders past it move to an activity, and still succeed", async () => {
    // Each fits a step's budget (a turn costs 9 steps); two do not fit one task's.
    const heavy = loop(Math.floor((LIMITS.templateUnits * 0.8) / 9));
    const sameTask = await prepareWorkflow(t.db, h.engine, {
      steps: [
        transform("h1", heavy),
        transform("h2", heavy, { needs: ["h1"] }),
        transform("h3", heavy, { needs: ["h2"] }),
      ],
    });
    const r = await sameTask.finish(await sameTask.start());
    expect(r.status).toBe("succeeded");
    for (const id of ["h1", "h2", "h3"]) expect(r.steps[id]).toMatchObject({ status: "succeeded", output: "done" });
    expect(await renderActivities(r.runId)).toBeGreaterThanOrEqual(1);
    expect(await workflowTaskFailures(r.runId)).toBe(0);

    // An activity between them ends the task, so each renders in the sandbox.
    const twoTasks = await prepareWorkflow(t.db, h.engine, {
      steps: [transform("h1", heavy), http("pause", ["h1"]), transform("h2", heavy, { needs: ["pause"] })],
    });
    const r2 = await twoTasks.finish(await twoTasks.start());
    expect(r2.status).toBe("succeeded");
    expect(await renderActivities(r2.runId)).toBe(0);
  });

  it("a template too heavy even for a worker thread fails its step with the bound it hit", async () => {
    const wf = await prepareWorkflow(t.db, h.engine, {
      steps: [transform("endless", loop(10_000_000)), http("unrelated")],
    });
    const r = await wf.finish(await wf.start());
    expect(r.status).toBe("partially_succeeded");
    expect(errorOf(r.steps.endless)).toContain(
      `template exceeded its limits: evaluation steps (a step's templates off the event loop may take ${LIMITS.threadUnits})`,
    );
    expect(r.steps.unrelated).toMatchObject({ status: "succeeded" });
    expect(await workflowTaskFailures(r.runId)).toBe(0);
  });

  it("a catastrophic regex in the workflow runs in linear time", async () => {
    const wf = await prepareWorkflow(t.db, h.engine, {
      steps: [
        transform("evil", "{{ $contains(trigger.body.s, /(a+)+$/) }}"),
        transform("backref", "{{ $contains(trigger.body.s, /(a)\\1/) }}"),
      ],
    });
    const r = await wf.finish(await wf.start({ trigger: { body: { s: "a".repeat(40) + "!" } } }));
    expect(r.steps.evil).toMatchObject({ status: "succeeded", output: false });
    expect(errorOf(r.steps.backref)).toContain("template exceeded its limits: regex");
  });

  it("a forEach item with a runaway template fails alone, off the event loop; other runs go on", async () => {
    h.sink.on("/items", { echo: true });
    const fanOut = await prepareWorkflow(t.db, h.engine, {
      steps: [
        {
          id: "items",
          uses: "http.request",
          forEach: "{{ trigger.body.items }}",
          with: {
            url: `${h.sink.url}/items`,
            method: "POST",
            body: { n: `{{ item = 2 ? ${loop(1_000_000).slice(3, -3)} : item }}` },
          },
          retry: { maxAttempts: 1, initialInterval: "50ms" },
        },
      ],
    });
    const other = await prepareWorkflow(t.db, h.engine, { steps: [http("other")] });
    const [fanOutId, otherId] = await Promise.all([
      fanOut.start({ trigger: { body: { items: [1, 2, 3] } } }),
      other.start(),
    ]);
    const [f, o] = await Promise.all([fanOut.finish(fanOutId), other.finish(otherId)]);

    expect(f.status).toBe("failed");
    expect(errorOf(f.steps.items)).toMatch(
      /^1 of 3 items failed; first: item 1: .*template exceeded its limits: evaluation steps/,
    );
    expect(
      h.sink
        .calls("/items")
        .map((c) => JSON.parse(c.body).n)
        .sort(),
    ).toEqual([1, 3]);
    const item = await t.db.stepItem.findUniqueOrThrow({
      where: { runId_stepId_index: { runId: fanOutId, stepId: "items", index: 1 } },
    });
    expect(item.attempts).toBe(1);
    expect(o.status).toBe("succeeded");
  });
});

describe("templates that allocate in one step", () => {
  it("a range of a million numbers per item fails its step, not the worker; the next run succeeds", async () => {
    const bad = await prepareWorkflow(t.db, h.engine, {
      steps: [transform("lists", "{{ [1..400].[[1..1000000]] }}"), http("unrelated")],
    });
    const r = await bad.finish(await bad.start());
    expect(r.status).toBe("partially_succeeded");
    expect(r.steps.lists).toMatchObject({ status: "failed" });
    expect(errorOf(r.steps.lists)).toContain("template exceeded its limits");
    expect(r.steps.unrelated).toMatchObject({ status: "succeeded" });
    expect(await workflowTaskFailures(r.runId)).toBe(0);

    const next = await prepareWorkflow(t.db, h.engine, {
      steps: [transform("fine", "{{ $count([1..3]) & ' items' }}")],
    });
    const n = await next.finish(await next.start());
    expect(n.status).toBe("succeeded");
    expect(n.steps.fine).toMatchObject({ output: "3 items" });
  });
});

describe("values too large for Temporal", () => {
  const sized = (bytes: number) => `more than ${bytes} bytes of JSON`;

  it("a rendered value or a pure step's output over the inline size fails its step with an alert; the run finishes", async () => {
    const half = "h".repeat(INLINE_OUTPUT_BYTES * 0.6);
    const wf = await prepareWorkflow(t.db, h.engine, {
      steps: [
        // Past the sandbox's budget, so rendered in the activity, which must not send it back.
        transform("million", "{{ [1..1000000] }}"),
        // Within the sandbox's budget, rendered there.
        transform("thousands", "{{ [1..20000] }}"),
        transform("half1", "{{ trigger.half }}"),
        transform("half2", "{{ trigger.half }}"),
        { id: "merged", uses: "core.merge", needs: ["half1", "half2"], with: {} },
        { id: "many", uses: "core.transform", forEach: "{{ [0..1000] }}", with: { value: "{{ item }}" } },
        {
          id: "list",
          uses: "http.request",
          forEach: "{{ [1..200000] }}",
          with: { url: `${h.sink.url}/list`, method: "POST", body: { n: "{{ item }}" } },
        },
        http("unrelated"),
      ],
    });
    const r = await wf.finish(await wf.start({ trigger: { half } }));

    expect(r.status).toBe("partially_succeeded");
    expect(errorOf(r.steps.million)).toContain(
      `template exceeded its limits: size (the step's rendered inputs: ${sized(INLINE_OUTPUT_BYTES)})`,
    );
    expect(errorOf(r.steps.thousands)).toContain(
      `template exceeded its limits: size (the step's rendered inputs: ${sized(INLINE_OUTPUT_BYTES)})`,
    );
    expect(r.steps.half1).toMatchObject({ status: "succeeded", output: half });
    expect(errorOf(r.steps.merged)).toContain(
      `template exceeded its limits: size (the step's output: ${sized(INLINE_OUTPUT_BYTES)})`,
    );
    expect(errorOf(r.steps.many)).toContain(
      "template exceeded its limits: size (a forEach of core.transform may have 1000 items, not 1001)",
    );
    expect(errorOf(r.steps.list)).toContain(
      `template exceeded its limits: size (the forEach list: ${sized(16 * INLINE_OUTPUT_BYTES)})`,
    );
    expect(h.sink.calls("/list")).toHaveLength(0);
    expect(r.steps.unrelated).toMatchObject({ status: "succeeded" });
    const alert = await t.db.alert.findFirstOrThrow({ where: { runId: r.runId } });
    for (const id of ["million", "thousands", "merged", "many", "list"]) expect(alert.message).toContain(`${id}: `);
    expect(await workflowTaskFailures(r.runId)).toBe(0);
  });

  it("pure steps' records stay within what finishRun can carry: past that, steps fail instead of the run", async () => {
    // Each record holds the value twice (input and output): forty of them would be over 2 MiB.
    const blob = "b".repeat(30_000);
    const ids = Array.from({ length: 40 }, (_, i) => `t${i}`);
    const wf = await prepareWorkflow(t.db, h.engine, { steps: ids.map((id) => transform(id, "{{ trigger.blob }}")) });
    const r = await wf.finish(await wf.start({ trigger: { blob } }));

    expect(r.status).toBe("partially_succeeded");
    const succeeded = ids.filter((id) => r.steps[id]?.status === "succeeded");
    const failed = ids.filter((id) => r.steps[id]?.status === "failed");
    expect(succeeded.length + failed.length).toBe(ids.length);
    expect(succeeded.length).toBeGreaterThan(0);
    expect(succeeded.length * 2 * blob.length).toBeLessThan(2 * 1024 * 1024);
    for (const id of failed)
      expect(errorOf(r.steps[id])).toContain(
        "template exceeded its limits: size (the records of the steps this run settles in the workflow",
      );
    expect(await t.db.alert.count({ where: { runId: r.runId } })).toBe(1);
    expect(await workflowTaskFailures(r.runId)).toBe(0);
  });
});

// Last: the budget is deterministic, so every history above replays.
describe("determinism", () => {
  it("every history replays without nondeterminism", async () => {
    const runs = await t.db.run.findMany({ select: { id: true } });
    const histories = await Promise.all(
      runs.map(async ({ id }) => ({
        workflowId: workflowIdForRun(id),
        history: await h.engine.temporal.workflow.getHandle(workflowIdForRun(id)).fetchHistory(),
      })),
    );
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: inject("workflowBundlePath") } },
      histories,
    )) {
      expect(result.error, `${result.workflowId}: ${result.error?.message}`).toBeUndefined();
    }
  });
});
