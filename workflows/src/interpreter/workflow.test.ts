import { overlapped, seedRun, seedWorkflow, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { workflowIdForRun } from "../client";
import { dispatchRun } from "../outbox";
import type { StepDefinition } from "../definition/schema";

const t = useTestDatabase();
const h = useEngine(t, "interpreter");

const call = (id: string, needs: string[] = [], path = `/${id}`): StepDefinition => ({
  id,
  uses: "http.request",
  needs,
  with: { url: `${h.sink.url}${path}`, method: "POST", body: { step: id } },
});

async function runToEnd(steps: StepDefinition[]) {
  const seeded = await seedWorkflow(t.db, { name: "test", trigger: { type: "webhook" }, steps }, `wf-${steps.length}-${Date.now()}`);
  const runId = await seedRun(t.db, seeded);
  await dispatchRun(t.db, h.engine, { runId, steps, trigger: {} });
  const result = await h.engine.temporal.workflow.getHandle(workflowIdForRun(runId)).result();
  const run = await t.db.run.findUniqueOrThrow({ where: { id: runId }, include: { steps: true } });
  const steps_ = Object.fromEntries(run.steps.map((s) => [s.stepId, s]));
  return { runId, result, run, steps: steps_ };
}

describe("interpreter", () => {
  it("runs independent steps concurrently and a join after both", async () => {
    const p = (id: string) => `/overlap/${id}`;
    h.sink.on(p("a"), { delayMs: 400 });
    h.sink.on(p("b"), { delayMs: 400 });
    const { run, steps } = await runToEnd([call("a", [], p("a")), call("b", [], p("b")), call("join", ["a", "b"], p("join"))]);

    expect(run.status).toBe("succeeded");
    const [a] = h.sink.calls(p("a"));
    const [b] = h.sink.calls(p("b"));
    const [join] = h.sink.calls(p("join"));
    expect(a && b && join).toBeTruthy();
    expect(overlapped(a!, b!)).toBe(true);
    expect(join!.startedAt).toBeGreaterThanOrEqual(Math.max(a!.endedAt, b!.endedAt));
    for (const id of ["a", "b", "join"]) {
      expect(steps[id]).toMatchObject({ status: "succeeded", attempts: 1 });
      expect(steps[id]!.startedAt!.getTime()).toBeLessThanOrEqual(steps[id]!.endedAt!.getTime());
    }
    expect(steps.a!.output).toMatchObject({ status: 200, body: { ok: true, path: p("a") } });
    expect(run.startedAt).not.toBeNull();
    expect(run.endedAt).not.toBeNull();
  });

  it("a failed step skips only its descendants; the other branch finishes", async () => {
    const p = (id: string) => `/iso/${id}`;
    h.sink.on(p("bad"), { status: 400 });
    const { run, steps } = await runToEnd([
      call("bad", [], p("bad")),
      call("after-bad", ["bad"], p("after-bad")),
      call("deeper", ["after-bad"], p("deeper")),
      call("good", [], p("good")),
      call("after-good", ["good"], p("after-good")),
    ]);

    expect(run.status).toBe("partially_succeeded");
    expect(steps.bad).toMatchObject({ status: "failed", attempts: 1 });
    expect((steps.bad!.error as { message: string }).message).toContain("HTTP 400");
    expect(steps["after-bad"]).toMatchObject({ status: "skipped", blockedBy: "bad", reason: "upstream_failed" });
    expect(steps.deeper).toMatchObject({ status: "skipped", blockedBy: "bad" });
    expect(steps.good!.status).toBe("succeeded");
    expect(steps["after-good"]!.status).toBe("succeeded");
    expect(h.sink.calls(p("after-good"))).toHaveLength(1);
    expect(h.sink.calls(p("after-bad"))).toHaveLength(0);
  });

  it("retries a 5xx with backoff and records the attempts; sends one idempotency key", async () => {
    const p = "/flaky";
    h.sink.on(p, { status: 503 });
    const { run, steps } = await runToEnd([call("flaky", [], p)]);
    expect(run.status).toBe("failed");
    expect(steps.flaky).toMatchObject({ status: "failed", attempts: 3 });
    const keys = new Set(h.sink.calls(p).map((r) => r.headers["idempotency-key"]));
    expect(h.sink.calls(p)).toHaveLength(3);
    expect(keys.size).toBe(1);
  });
});
