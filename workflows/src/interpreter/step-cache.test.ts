// Steps with `cache` on real Postgres and Temporal: the sink counts the calls a remembered result
// saves. The cache's clock is injected, so expiry is a move of the clock, not a wait.
import { prepareWorkflow, seedRunToStart, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import type { Prisma } from "@switchyard/db";
import { Worker } from "@temporalio/worker";
import { describe, expect, inject, it } from "vitest";
import { definitionSchema } from "../definition/schema";
import { clearStepCache } from "../engine/step-memory";
import { dispatchRun } from "../outbox";
import { INLINE_OUTPUT_BYTES, workflowIdForRun } from "./contract";

const t = useTestDatabase();
let clockMs = Date.parse("2030-01-01T00:00:00Z");
const h = useEngine(t, "step-cache", { now: () => () => new Date(clockMs) });

const HOUR = 3_600_000;
let n = 0;
const unique = (base: string) => `/${base}-${++n}`;

/** A GET of the sink whose query carries `trigger.body.q`: the rendered input changes with it. */
const lookup = (id: string, path: string, extra: Record<string, unknown> = {}) => ({
  id,
  uses: "http.request",
  with: { url: `${h.sink.url}${path}?q={{ trigger.body.q }}`, method: "GET" },
  cache: true,
  ...extra,
});

async function workflowOf(steps: unknown[]) {
  const wf = await prepareWorkflow(t.db, h.engine, { steps });
  const run = async (body: object, options: Parameters<typeof wf.start>[0] = {}) =>
    wf.finish(await wf.start({ ...options, trigger: { body } }));
  return { ...wf, run };
}

const entries = (workflowId: string) =>
  t.db.stepCacheEntry.findMany({ where: { workflowId }, orderBy: { createdAt: "asc" } });

describe("a read step with cache", () => {
  it("calls once for the same input, and the second run takes the first's output as cached; another input calls again", async () => {
    const path = unique("users");
    const wf = await workflowOf([lookup("who", path)]);
    const first = await wf.run({ q: "ana" });
    const second = await wf.run({ q: "ana" });
    expect(h.sink.calls(path)).toHaveLength(1);
    expect(first.steps.who).toMatchObject({ status: "succeeded", reason: null, attempts: 1, savedCalls: 0 });
    expect(second.result.steps.who).toEqual({
      status: "succeeded",
      output: first.steps.who!.output,
      reason: "cached",
      cachedFrom: first.runId,
    });
    const [entry] = await entries(wf.seeded.workflowId);
    expect(second.steps.who).toMatchObject({
      status: "succeeded",
      reason: "cached",
      originRunId: first.runId,
      savedCalls: 1,
      savedMs: entry!.durationMs,
      attempts: 0,
      input: first.steps.who!.input,
      output: first.steps.who!.output,
    });
    expect(entry).toMatchObject({ stepId: "who", runId: first.runId, hits: 1 });
    // The key is a hash: no input is stored in clear.
    expect(entry!.key).toMatch(/^[0-9a-f]{64}$/);

    const other = await wf.run({ q: "bo" });
    expect(h.sink.calls(path)).toHaveLength(2);
    expect(other.steps.who!.reason).toBeNull();
    expect(await entries(wf.seeded.workflowId)).toHaveLength(2);
  });

  it("cache.key stands for the input: differing inputs with the same key hit", async () => {
    const path = unique("by-id");
    const wf = await workflowOf([lookup("who", path, { cache: { key: "{{ trigger.body.id }}" } })]);
    const first = await wf.run({ id: 1, q: "a" });
    const second = await wf.run({ id: 1, q: "b" });
    expect(second.result.steps.who).toMatchObject({ reason: "cached", cachedFrom: first.runId });
    expect(h.sink.calls(path)).toHaveLength(1);
    await wf.run({ id: 2, q: "a" });
    expect(h.sink.calls(path)).toHaveLength(2);
  });

  it("expires after its ttl", async () => {
    const path = unique("ttl");
    const wf = await workflowOf([lookup("who", path, { cache: { ttl: "1h" } })]);
    await wf.run({ q: "a" });
    clockMs += 59 * 60_000;
    expect((await wf.run({ q: "a" })).steps.who!.reason).toBe("cached");
    clockMs += 2 * 60_000;
    const late = await wf.run({ q: "a" });
    expect(late.steps.who!.reason).toBeNull();
    expect(h.sink.calls(path)).toHaveLength(2);
    // The fresh result lives a new ttl.
    const [entry] = await entries(wf.seeded.workflowId);
    expect(entry).toMatchObject({ runId: late.runId, expiresAt: new Date(clockMs + HOUR), hits: 0 });
  });

  it("a new version keeps the entries of steps it leaves as they were, and misses for a step it changes", async () => {
    const path = unique("versioned");
    const steps = [lookup("who", path), { id: "tail", uses: "core.transform", with: { value: 1 } }];
    const wf = await workflowOf(steps);
    await wf.run({ q: "a" });
    const runVersion = async (version: number, changed: unknown[]) => {
      const row = await t.db.workflowVersion.create({
        data: {
          workflowId: wf.seeded.workflowId,
          version,
          definition: definitionSchema.parse({ ...wf.definition, steps: changed }) as Prisma.InputJsonObject,
        },
      });
      const start = await seedRunToStart(t.db, { ...wf.seeded, versionId: row.id }, { body: { q: "a" } });
      await dispatchRun(t.db, h.engine, start);
      return wf.finish(start.runId);
    };
    const tailChanged = [steps[0], { ...steps[1], with: { value: 2 } }];
    expect((await runVersion(2, tailChanged)).steps.who!.reason).toBe("cached");
    const headerAdded = lookup("who", path, {
      with: { url: `${h.sink.url}${path}?q={{ trigger.body.q }}`, method: "GET", headers: { accept: "text/plain" } },
    });
    const changed = await runVersion(3, [headerAdded, steps[1]]);
    expect(changed.steps.who!.reason).toBeNull();
    expect(h.sink.calls(path)).toHaveLength(2);
  });

  it("clearStepCache forgets the step's entries: the next run calls again", async () => {
    const path = unique("cleared");
    const wf = await workflowOf([lookup("who", path)]);
    await wf.run({ q: "a" });
    expect(await clearStepCache(t.db, wf.seeded.workflowId, "who")).toBe(1);
    expect((await wf.run({ q: "a" })).steps.who!.reason).toBeNull();
    expect(h.sink.calls(path)).toHaveLength(2);
  });

  it("two workspaces with identical workflows never share an entry", async () => {
    const path = unique("shared-url");
    const [a, b] = [await workflowOf([lookup("who", path)]), await workflowOf([lookup("who", path)])];
    expect(a.seeded.workspaceId).not.toBe(b.seeded.workspaceId);
    await a.run({ q: "same" });
    const fromB = await b.run({ q: "same" });
    expect(fromB.steps.who!.reason).toBeNull();
    expect(h.sink.calls(path)).toHaveLength(2);
    expect((await entries(a.seeded.workflowId)).map((e) => e.runId)).not.toContain(fromB.runId);
  });

  it("a large output is taken behind the claim check, and a dependent reads it", async () => {
    const path = unique("big");
    h.sink.on(path, { body: { blob: "x".repeat(INLINE_OUTPUT_BYTES + 1), marker: "remembered" } });
    const wf = await workflowOf([
      lookup("big", path),
      { id: "use", uses: "core.transform", needs: ["big"], with: { value: "{{ steps.big.output.body.marker }}" } },
    ]);
    const first = await wf.run({ q: "a" });
    const second = await wf.run({ q: "a" });
    expect(h.sink.calls(path)).toHaveLength(1);
    expect(second.result.steps.big).toEqual({
      status: "succeeded",
      stored: "step",
      reason: "cached",
      cachedFrom: first.runId,
    });
    expect(second.steps.use!.output).toBe("remembered");
  });
});

describe("core steps with cache", () => {
  it("a transform, a filter and a merge hit for the same inputs; the merge misses when its sources change", async () => {
    const path = unique("after-filter");
    const wf = await workflowOf([
      { id: "shape", uses: "core.transform", with: { value: "{{ trigger.body.q }}" }, cache: true },
      { id: "gate", uses: "core.filter", with: { condition: "{{ trigger.body.pass }}" }, cache: true },
      { id: "both", uses: "core.merge", needs: ["shape"], with: { mode: "object" }, cache: true },
      { id: "after", uses: "http.request", needs: ["gate"], with: { url: `${h.sink.url}${path}`, method: "POST" } },
    ]);
    const first = await wf.run({ q: "a", pass: false });
    const second = await wf.run({ q: "a", pass: false });
    for (const id of ["shape", "gate", "both"]) {
      expect(second.result.steps[id]).toMatchObject({ reason: "cached", cachedFrom: first.runId });
      expect(second.steps[id]).toMatchObject({ reason: "cached", originRunId: first.runId, savedCalls: 0 });
    }
    expect(second.result.steps.gate).toMatchObject({ output: { passed: false }, halts: true });
    expect(second.steps.after).toMatchObject({ status: "skipped", reason: "condition" });
    expect(h.sink.calls(path)).toHaveLength(0);
    expect(second.steps.both!.output).toEqual({ shape: "a" });

    const third = await wf.run({ q: "b", pass: false });
    expect(third.steps.shape!.reason).toBeNull();
    expect(third.steps.both).toMatchObject({ reason: null, output: { shape: "b" } });
  });
});

describe("re-running from a step", () => {
  it("runs that step for real and refreshes its entry; its reused upstream is neither a hit nor stored", async () => {
    const [up, mid] = [unique("up"), unique("mid")];
    const wf = await workflowOf([
      lookup("up", up),
      { ...lookup("mid", mid), needs: ["up"] },
      { id: "down", uses: "core.transform", needs: ["mid"], with: { value: "{{ steps.mid.output.status }}" } },
    ]);
    await wf.run({ q: "a" });
    const cached = await wf.run({ q: "a" });
    expect([cached.steps.up!.reason, cached.steps.mid!.reason]).toEqual(["cached", "cached"]);
    const hitsBefore = await entries(wf.seeded.workflowId);

    const rerun = await wf.run({ q: "a" }, { reuse: { up: cached.steps.up!.output }, fromStep: "mid" });
    expect(rerun.status).toBe("succeeded");
    expect(rerun.steps.up).toMatchObject({ reason: "reused", savedCalls: 0 });
    expect(rerun.steps.mid).toMatchObject({ status: "succeeded", reason: null, attempts: 1 });
    expect(h.sink.calls(up)).toHaveLength(1);
    expect(h.sink.calls(mid)).toHaveLength(2);
    const after = await entries(wf.seeded.workflowId);
    const byStep = (list: typeof after, stepId: string) => list.find((e) => e.stepId === stepId)!;
    expect(byStep(after, "up")).toEqual(byStep(hitsBefore, "up"));
    expect(byStep(after, "mid")).toMatchObject({ runId: rerun.runId, hits: 0 });

    const next = await wf.run({ q: "a" });
    expect(next.result.steps.mid).toMatchObject({ reason: "cached", cachedFrom: rerun.runId });
    expect(h.sink.calls(mid)).toHaveLength(2);
  });
});

describe("replay", () => {
  it("a run with hits replays, and its history holds the activities that looked the cache up", async () => {
    const path = unique("replayed");
    const wf = await workflowOf([
      lookup("who", path),
      { id: "shape", uses: "core.transform", needs: ["who"], with: { value: "{{ trigger.body.q }}" }, cache: true },
    ]);
    await wf.run({ q: "a" });
    const hit = await wf.run({ q: "a" });
    expect([hit.steps.who!.reason, hit.steps.shape!.reason]).toEqual(["cached", "cached"]);
    const history = await h.engine.temporal.workflow.getHandle(workflowIdForRun(hit.runId)).fetchHistory();
    const scheduled = history
      .events!.map((e) => e.activityTaskScheduledEventAttributes)
      .filter((a) => a !== null && a !== undefined)
      .map((a) => ({
        type: a.activityType!.name,
        input: JSON.parse(Buffer.from(a.input!.payloads![0]!.data!).toString()) as Record<string, unknown>,
      }));
    expect(scheduled.find((a) => a.type === "executeStep")!.input).toMatchObject({
      stepId: "who",
      cache: { read: true, ttlMs: 7 * 24 * HOUR },
    });
    expect(scheduled.filter((a) => a.type === "lookUpStepCache").map((a) => a.input.stepId)).toEqual(["shape"]);
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: inject("workflowBundlePath") } },
      history,
      workflowIdForRun(hit.runId),
    );
  });
});
