import { overlapped, prepareWorkflow, runToCompletion, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { cancelRun, queryRunState, workflowIdForRun } from "../client";
import { Worker } from "@temporalio/worker";
import { describe, expect, inject, it } from "vitest";

const t = useTestDatabase();
const h = useEngine(t, "interpreter");

let n = 0;
/** An HTTP step against the sink, at a path unique to this test. */
const step = (id: string, needs: string[] = [], extra: Record<string, unknown> = {}) => ({
  id,
  uses: "http.request",
  needs,
  with: { url: `${h.sink.url}/${id}`, method: "POST", body: { step: id } },
  retry: { maxAttempts: 2, initialInterval: "50ms" },
  ...extra,
});
const fails = (id: string) => {
  h.sink.on(`/${id}`, { status: 400 });
  return id;
};
const run = (steps: unknown[], options?: Parameters<typeof runToCompletion>[3]) =>
  runToCompletion(t.db, h.engine, { steps }, options);
const statuses = (steps: Record<string, { status: string }>) =>
  Object.fromEntries(Object.entries(steps).map(([id, s]) => [id, s.status]));
const unique = (base: string) => `${base}${++n}`;

describe("parallelism", () => {
  it("runs independent steps concurrently and a join after both", async () => {
    const [a, b, join] = [unique("a"), unique("b"), unique("join")];
    h.sink.on(`/${a}`, { delayMs: 400 });
    h.sink.on(`/${b}`, { delayMs: 400 });
    const r = await run([step(a), step(b), step(join, [a, b])]);
    expect(r.status).toBe("succeeded");
    expect(await t.db.alert.count({ where: { runId: r.runId } })).toBe(0);
    const [ca, cb, cj] = [h.sink.calls(`/${a}`)[0]!, h.sink.calls(`/${b}`)[0]!, h.sink.calls(`/${join}`)[0]!];
    expect(overlapped(ca, cb)).toBe(true);
    expect(cj.startedAt).toBeGreaterThanOrEqual(Math.max(ca.endedAt, cb.endedAt));
    expect(r.steps[a]).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(r.steps[a]!.output).toMatchObject({ status: 200, body: { ok: true } });
  });
});

describe("failure isolation matrix", () => {
  it("two independent chains: one fails, the other finishes", async () => {
    const [a1, a2, b1, b2] = [fails(unique("a1-")), unique("a2-"), unique("b1-"), unique("b2-")];
    const r = await run([step(a1), step(a2, [a1]), step(b1), step(b2, [b1])]);
    expect(r.status).toBe("partially_succeeded");
    expect(statuses(r.steps)).toEqual({ [a1]: "failed", [a2]: "skipped", [b1]: "succeeded", [b2]: "succeeded" });
    expect(r.steps[a2]).toMatchObject({ blockedBy: a1, reason: "upstream_failed" });
    expect(r.steps[a1]!.attempts).toBe(1); // 400 is not retried
    expect((r.steps[a1]!.error as { message: string }).message).toContain("HTTP 400");
    expect(h.sink.calls(`/${b2}`)).toHaveLength(1);
    expect(h.sink.calls(`/${a2}`)).toHaveLength(0);

    const alerts = await t.db.alert.findMany({ where: { runId: r.runId } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toContain("partially succeeded (1 failed step)");
    expect(alerts[0]!.message).toContain(`${a1}: HTTP 400`);
    expect(alerts[0]!.details).toMatchObject({ failedSteps: [{ stepId: a1 }] });
  });

  it("a diamond whose left side fails: the right side runs, the bottom is blocked by the left", async () => {
    const [top, left, right, bottom] = [unique("top"), fails(unique("left")), unique("right"), unique("bottom")];
    const r = await run([step(top), step(left, [top]), step(right, [top]), step(bottom, [left, right])]);
    expect(statuses(r.steps)).toEqual({
      [top]: "succeeded",
      [left]: "failed",
      [right]: "succeeded",
      [bottom]: "skipped",
    });
    expect(r.steps[bottom]).toMatchObject({ blockedBy: left });
    expect(h.sink.calls(`/${right}`)).toHaveLength(1);
  });

  it("a fan-in with one failed parent is skipped; its siblings and unrelated work finish", async () => {
    const [p1, p2, p3, fanin, other, deeper] = [
      unique("p1-"),
      fails(unique("p2-")),
      unique("p3-"),
      unique("fanin"),
      unique("other"),
      unique("deeper"),
    ];
    const r = await run([step(p1), step(p2), step(p3), step(fanin, [p1, p2, p3]), step(other), step(deeper, [fanin])]);
    expect(statuses(r.steps)).toMatchObject({
      [p1]: "succeeded",
      [p2]: "failed",
      [p3]: "succeeded",
      [fanin]: "skipped",
      [other]: "succeeded",
      [deeper]: "skipped",
    });
    expect(r.steps[deeper]).toMatchObject({ blockedBy: p2, reason: "upstream_failed" });
    for (const id of [p1, p3, other]) expect(h.sink.calls(`/${id}`)).toHaveLength(1);
  });

  it("condition-skipped branches skip their descendants without failing the run, and don't block a join", async () => {
    const [check, yes, no, afterNo, join] = [
      unique("check"),
      unique("yes"),
      unique("no"),
      unique("after-no"),
      unique("join"),
    ];
    const r = await run(
      [
        { id: check, uses: "core.condition", with: { condition: "{{ trigger.body.amount > 100 }}" } },
        step(yes, [check], { if: `{{ steps.${check}.output.result }}` }),
        step(no, [check], { if: `{{ $not(steps.${check}.output.result) }}` }),
        step(afterNo, [no]),
        step(join, [yes, no]),
      ],
      { trigger: { body: { amount: 250 } } },
    );
    expect(r.status).toBe("succeeded");
    expect(statuses(r.steps)).toEqual({
      [check]: "succeeded",
      [yes]: "succeeded",
      [no]: "skipped",
      [afterNo]: "skipped",
      [join]: "succeeded",
    });
    expect(r.steps[no]).toMatchObject({ reason: "condition", blockedBy: null });
    expect(r.steps[afterNo]).toMatchObject({ reason: "condition" });
    expect(h.sink.calls(`/${no}`)).toHaveLength(0);
    expect(h.sink.calls(`/${join}`)).toHaveLength(1);
  });

  it("continueOnError hands the error to dependents instead of blocking them", async () => {
    const [bad, handler] = [fails(unique("bad")), unique("handler")];
    const r = await run([
      step(bad, [], { continueOnError: true }),
      step(handler, [bad], {
        with: { url: `${h.sink.url}/${handler}`, method: "POST", body: { failed: `{{ steps.${bad}.error.message }}` } },
      }),
    ]);
    expect(r.status).toBe("partially_succeeded");
    expect(statuses(r.steps)).toEqual({ [bad]: "failed", [handler]: "succeeded" });
    expect(JSON.parse(h.sink.calls(`/${handler}`)[0]!.body).failed).toContain("HTTP 400");
  });

  it('needs mode "any" runs when one parent succeeded, and is blocked when none did', async () => {
    const [ok, bad, bad2, either, neither] = [
      unique("ok"),
      fails(unique("bad")),
      fails(unique("bad")),
      unique("either"),
      unique("neither"),
    ];
    const r = await run([
      step(ok),
      step(bad),
      step(bad2),
      step(either, [ok, bad], { needsMode: "any" }),
      step(neither, [bad, bad2], { needsMode: "any" }),
    ]);
    expect(statuses(r.steps)).toMatchObject({ [either]: "succeeded", [neither]: "skipped" });
    expect(r.steps[neither]).toMatchObject({ reason: "upstream_failed", blockedBy: bad });
  });

  it("retries 5xx per the step's policy, with one idempotency key across attempts, then fails", async () => {
    const flaky = unique("flaky");
    h.sink.on(`/${flaky}`, { status: 503 });
    const r = await run([step(flaky, [], { retry: { maxAttempts: 3, initialInterval: "50ms" } })]);
    expect(r.status).toBe("failed");
    expect(r.steps[flaky]).toMatchObject({ status: "failed", attempts: 3 });
    expect(h.sink.calls(`/${flaky}`)).toHaveLength(3);
    expect(h.sink.effects(`/${flaky}`)).toBe(1);
    expect(h.sink.calls(`/${flaky}`)[0]!.headers["idempotency-key"]).toBe(`${r.runId}:${flaky}:0`);
  });
});

describe("templates and engine steps", () => {
  it("a value that is exactly one template keeps its type; mixed text interpolates; pure steps need no activity", async () => {
    const [shape, merged, send] = [unique("shape"), unique("merged"), unique("send")];
    const r = await run(
      [
        {
          id: shape,
          uses: "core.transform",
          with: {
            value: {
              version: "{{ trigger.body.version }}",
              tags: "{{ trigger.body.tags }}",
              n: "{{ $count(trigger.body.tags) }}",
            },
          },
        },
        { id: merged, uses: "core.merge", needs: [shape], with: {} },
        step(send, [merged], {
          with: {
            url: `${h.sink.url}/${send}`,
            method: "POST",
            body: {
              release: `{{ steps.${merged}.output.${shape} }}`,
              text: `Released {{ trigger.body.version }} with {{ $count(trigger.body.tags) }} tags`,
            },
          },
        }),
      ],
      { trigger: { body: { version: "1.2.3", tags: ["a", "b"] } } },
    );
    expect(r.status).toBe("succeeded");
    expect(r.steps[shape]!.output).toEqual({ version: "1.2.3", tags: ["a", "b"], n: 2 });
    expect(r.steps[shape]!.attempts).toBe(0); // evaluated in the workflow
    expect(JSON.parse(h.sink.calls(`/${send}`)[0]!.body)).toEqual({
      release: { version: "1.2.3", tags: ["a", "b"], n: 2 },
      text: "Released 1.2.3 with 2 tags",
    });
    expect(r.steps[send]!.input).toMatchObject({ body: { text: "Released 1.2.3 with 2 tags" } });
  });

  it("a filter that does not pass skips what follows (reason: condition)", async () => {
    const [gate, after] = [unique("gate"), unique("after")];
    const r = await run(
      [{ id: gate, uses: "core.filter", with: { condition: "{{ trigger.body.ok }}" } }, step(after, [gate])],
      { trigger: { body: { ok: false } } },
    );
    expect(r.status).toBe("succeeded");
    expect(r.steps[gate]).toMatchObject({ status: "succeeded", output: { passed: false } });
    expect(r.steps[after]).toMatchObject({ status: "skipped", reason: "condition" });
  });

  it("a template that fails at run time fails its step with a precise message, not the run's other work", async () => {
    const [broken, fine] = [unique("broken"), unique("fine")];
    const r = await run([{ id: broken, uses: "core.transform", with: { value: "{{ $now() }}" } }, step(fine)]);
    expect(r.status).toBe("partially_succeeded");
    expect(r.steps[broken]).toMatchObject({ status: "failed" });
    expect((r.steps[broken]!.error as { message: string }).message).toContain("$now() is not allowed");
  });
});

describe("large data", () => {
  it("an output over 64 KB stays in Postgres; dependents still read it through templates", async () => {
    const [big, use] = [unique("big"), unique("use")];
    h.sink.on(`/${big}`, { body: { blob: "x".repeat(100_000), marker: "deep" } });
    const r = await run([
      step(big),
      {
        id: use,
        uses: "core.transform",
        needs: [big],
        with: {
          value: {
            marker: `{{ steps.${big}.output.body.marker }}`,
            size: `{{ $length(steps.${big}.output.body.blob) }}`,
          },
        },
      },
    ]);
    expect(r.status).toBe("succeeded");
    expect(r.result.steps[big]).toEqual({ status: "succeeded", stored: "step" });
    expect((r.steps[big]!.output as { body: { blob: string } }).body.blob).toHaveLength(100_000);
    expect(r.steps[use]!.output).toEqual({ marker: "deep", size: 100_000 });
  });
});

describe("re-runs", () => {
  it("reused outputs are not executed again and feed their dependents", async () => {
    const [up, down] = [unique("up"), unique("down")];
    const r = await run(
      [
        step(up),
        step(down, [up], {
          with: {
            url: `${h.sink.url}/${down}`,
            method: "POST",
            body: { from: `{{ steps.${up}.output.body.marker }}` },
          },
        }),
      ],
      {
        reuse: { [up]: { status: 200, body: { marker: "from-the-first-run" } } },
      },
    );
    expect(r.status).toBe("succeeded");
    expect(h.sink.calls(`/${up}`)).toHaveLength(0);
    expect(r.steps[up]).toMatchObject({ status: "succeeded", reason: "reused" });
    expect(JSON.parse(h.sink.calls(`/${down}`)[0]!.body)).toEqual({ from: "from-the-first-run" });
  });
});

describe("control", () => {
  it("cancelling a run cancels the in-flight step and everything pending; the run ends cancelled", async () => {
    const [slow, after, done] = [unique("slow"), unique("after"), unique("done")];
    // Far longer than the test may take: only a cancel that reaches the step lets the run end in time.
    h.sink.on(`/${slow}`, { delayMs: 600_000 });
    const runId = await (
      await prepareWorkflow(t.db, h.engine, { steps: [step(done), step(slow), step(after, [slow])] })
    ).start();
    const statusOf = async (stepId: string) =>
      (await t.db.stepRun.findUnique({ where: { runId_stepId: { runId, stepId } } }))?.status;
    // Waits on the steps' own progress, not on a guess of how fast this machine is.
    while ((await statusOf(slow)) !== "running" || (await statusOf(done)) !== "succeeded")
      await new Promise((r) => setTimeout(r, 50));
    // The live state comes from the workflow itself while it runs.
    const live = await queryRunState(h.engine, runId);
    expect(live.status).toBe("running");
    expect(live.steps[slow]!.status).toBe("running");
    expect(live.steps[after]!.status).toBe("pending");

    await cancelRun(h.engine, runId);
    const result = await h.engine.temporal.workflow.getHandle(workflowIdForRun(runId)).result();
    expect(result.status).toBe("cancelled");
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId }, include: { steps: true } });
    expect(run.status).toBe("cancelled");
    expect(statuses(Object.fromEntries(run.steps.map((s) => [s.stepId, s])))).toEqual({
      [done]: "succeeded",
      [slow]: "cancelled",
      [after]: "cancelled",
    });
  });
});

// Last in this file: replays the recorded histories of every run above (the
// isolation matrix included) against the current workflow bundle.
describe("determinism", () => {
  it("every history replays without nondeterminism", async () => {
    const runs = await t.db.run.findMany({ select: { id: true } });
    expect(runs.length).toBeGreaterThanOrEqual(12);
    const histories = await Promise.all(
      runs.map(async ({ id }) => ({
        workflowId: workflowIdForRun(id),
        history: await h.engine.temporal.workflow.getHandle(workflowIdForRun(id)).fetchHistory(),
      })),
    );
    let replayed = 0;
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: inject("workflowBundlePath") } },
      histories,
    )) {
      expect(result.error, `${result.workflowId}: ${result.error?.message}`).toBeUndefined();
      replayed++;
    }
    expect(replayed).toBe(runs.length);
  });
});
