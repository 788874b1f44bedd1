// Incremental fan-outs (forEach + incremental) through real Temporal and Postgres: an item is run
// only when its memory has no success for its key, fingerprint and the step's definition; the
// step's output is still the whole list, in order, and `changes` tell later steps what moved.
import {
  prepareWorkflow,
  seedMember,
  useEngine,
  useTestDatabase,
  type PreparedWorkflow,
  type SinkRequest,
} from "@switchyard/devstack/testing";
import { createAdapter, PrismaClient, type Db } from "@switchyard/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRunState } from "../client";
import { definitionSchema } from "../definition";
import { decide } from "../engine/decide";
import { resetIncrementalStep } from "../engine/step-memory";
import { dispatchRun } from "../outbox";
import { storeRun } from "../runs";
import type { StepChanges } from "./contract";

const t = useTestDatabase();
/** The worker's own client, counting the statements it sends (the query-count test). */
const worker = { db: undefined as unknown as Db, statements: 0 };
beforeAll(() => {
  const db = new PrismaClient({ adapter: createAdapter(t.url), log: [{ emit: "event", level: "query" }] });
  db.$on("query", () => worker.statements++);
  worker.db = db;
});
afterAll(() => worker.db?.$disconnect());
const h = useEngine(worker, "incremental");

interface Row {
  id: string;
  updated_at: string;
  name: string;
  note?: string;
}
interface ItemOutput {
  status: number;
  body: { path: string };
}

let n = 0;
const unique = (base: string) => `/${base}-${++n}`;
const rows = (count: number, from = 0): Row[] =>
  Array.from({ length: count }, (_, i) => ({ id: `r${from + i}`, updated_at: "2026-01-01", name: `row ${from + i}` }));
const touched = (row: Row): Row => ({ ...row, updated_at: "2026-02-01", name: `${row.name} (edited)` });

/** PUTs each row to `prefix/<id>`, remembering rows by id and version. */
const syncStep = (prefix: string, extra: Record<string, unknown> = {}) => ({
  id: "sync",
  uses: "http.request",
  forEach: "{{ trigger.body.rows }}",
  incremental: { key: "{{ item.id }}", version: "{{ item.updated_at }}" },
  with: { url: `${h.sink.url}${prefix}/{{ item.id }}`, method: "PUT", body: { name: "{{ item.name }}" } },
  retry: { maxAttempts: 1 },
  concurrency: 20,
  ...extra,
});
/** A later step that acts on the changes, as one deleting removed rows at the destination would. */
const report = {
  id: "report",
  uses: "core.transform",
  needs: ["sync"],
  with: {
    value: {
      added: "{{ $count(steps.sync.changes.added) }}",
      changed: "{{ steps.sync.changes.changed }}",
      removed: "{{ steps.sync.changes.removed }}",
      unchanged: "{{ steps.sync.changes.unchanged }}",
      outputs: "{{ $count(steps.sync.output) }}",
    },
  },
};

const callsUnder = (prefix: string): SinkRequest[] => h.sink.requests.filter((r) => r.path.startsWith(`${prefix}/`));
const pathsOf = (requests: SinkRequest[]) => requests.map((r) => r.path).sort();

/** Runs the workflow on these rows and reports what reached the sink during the run. */
async function runOn(
  wf: PreparedWorkflow,
  prefix: string,
  list: Row[],
  { body, ...options }: { reuse?: Record<string, unknown>; body?: object } = {},
) {
  const before = callsUnder(prefix).length;
  const r = await wf.finish(await wf.start({ trigger: { body: { rows: list, ...body } }, ...options }));
  return { ...r, calls: callsUnder(prefix).slice(before) };
}

/** A workflow of one syncStep whose first run processed `count` rows. */
async function synced(name: string, count: number) {
  const prefix = unique(name);
  const wf = await prepareWorkflow(t.db, h.engine, { steps: [syncStep(prefix)] });
  const list = rows(count);
  expect((await runOn(wf, prefix, list)).calls).toHaveLength(count);
  return { prefix, wf, list };
}

const remembered = (wf: PreparedWorkflow) =>
  t.db.incrementalItem.findMany({
    where: { workflowId: wf.seeded.workflowId, stepId: "sync" },
    orderBy: { key: "asc" },
  });

describe("incremental forEach", () => {
  it("1,000 rows: all run first; then 10 changed, 5 added and 3 removed make exactly 15 calls, the whole output in order and the right changes", async () => {
    const prefix = unique("thousand");
    const wf = await prepareWorkflow(t.db, h.engine, { steps: [syncStep(prefix), report] });
    const first = rows(1_000);
    const a = await runOn(wf, prefix, first);
    expect(a.status).toBe("succeeded");
    expect(a.calls).toHaveLength(1_000);
    expect(a.steps.sync!.incremental).toEqual({
      processed: 1_000,
      reused: 0,
      failed: 0,
      changes: expect.objectContaining({ removed: [], unchanged: 0 }) as unknown,
    });
    expect(a.steps.report!.output).toMatchObject({ added: 1_000, unchanged: 0, outputs: 1_000 });
    expect(await t.db.incrementalItem.count({ where: { workflowId: wf.seeded.workflowId } })).toBe(1_000);

    const changedAt = [3, 100, 101, 250, 400, 512, 640, 777, 900, 998];
    const removedAt = new Set([0, 500, 999]);
    const second = first
      .map((row, i) => (changedAt.includes(i) ? touched(row) : row))
      .filter((_, i) => !removedAt.has(i));
    // Added rows go in the middle and at the end: outputs must still land at their places.
    second.splice(10, 0, ...rows(2, 1_000));
    second.push(...rows(3, 1_002));
    const b = await runOn(wf, prefix, second);
    expect(b.status).toBe("succeeded");
    // 1,000 - 10 changed - 3 removed rows are unchanged, and 5 are new.
    expect(b.calls).toHaveLength(15);
    const changed = changedAt.map((i) => `r${i}`);
    const added = ["r1000", "r1001", "r1002", "r1003", "r1004"];
    expect(pathsOf(b.calls)).toEqual([...changed, ...added].map((id) => `${prefix}/${id}`).sort());
    expect(JSON.parse(b.calls.find((c) => c.path === `${prefix}/r3`)!.body)).toEqual({ name: "row 3 (edited)" });

    const output = b.steps.sync!.output as unknown as ItemOutput[];
    expect(output.map((o) => o.body.path)).toEqual(second.map((row) => `${prefix}/${row.id}`));
    expect(output.every((o) => o.status === 200)).toBe(true);
    const changes: StepChanges = { added, changed, removed: ["r0", "r500", "r999"], unchanged: 987 };
    expect(b.result.steps.sync).toMatchObject({
      status: "succeeded",
      stored: "items",
      changes,
      incremental: { processed: 15, reused: 987, failed: 0 },
    });
    expect(b.steps.sync!.incremental).toEqual({ processed: 15, reused: 987, failed: 0, changes });
    expect(b.steps.sync!.savedCalls).toBe(987);
    expect(b.steps.report!.output).toEqual({
      added: 5,
      changed,
      removed: ["r0", "r500", "r999"],
      unchanged: 987,
      outputs: 1_002,
    });
    // Reused items are this run's rows, taken from the run that processed them.
    const items = await t.db.stepItem.findMany({ where: { runId: b.runId, stepId: "sync" } });
    const reused = items.filter((i) => i.originRunId);
    expect(reused).toHaveLength(987);
    expect(reused.every((i) => i.originRunId === a.runId && i.attempts === 0)).toBe(true);
    // The removed rows are forgotten once the step succeeded.
    const keys = new Set((await remembered(wf)).map((m) => m.key));
    expect(keys.size).toBe(1_002);
    expect(["r0", "r500", "r999"].some((k) => keys.has(k))).toBe(false);
  }, 300_000);

  it("failed items are never remembered: the re-run processes exactly them, and removals are reported until the step succeeds", async () => {
    const prefix = unique("fails");
    // The rows come from an upstream step, so the second run is a re-run from the failed fan-out.
    const list = { id: "list", uses: "core.transform", with: { value: "{{ trigger.body.rows }}" } };
    const wf = await prepareWorkflow(t.db, h.engine, {
      steps: [list, { ...syncStep(prefix), needs: ["list"], forEach: "{{ steps.list.output }}" }],
    });
    const first = rows(20);
    expect((await runOn(wf, prefix, first)).calls).toHaveLength(20);

    // r3 changed and r20 is new, and both fail; r19 is gone.
    const second = [...first.slice(0, 19).map((row, i) => (i === 3 ? touched(row) : row)), ...rows(1, 20)];
    const failing = [`${prefix}/r20`, `${prefix}/r3`];
    const changes = { added: ["r20"], changed: ["r3"], removed: ["r19"], unchanged: 18 };
    for (const path of failing) h.sink.on(path, { status: 500 });
    const b = await runOn(wf, prefix, second);
    expect(b.steps.sync).toMatchObject({ status: "failed" });
    expect((b.steps.sync!.error as { message: string }).message).toMatch(/^2 of 20 items failed; first: item 3: /);
    expect(pathsOf(b.calls)).toEqual(failing);
    expect(b.steps.sync!.incremental).toMatchObject({ processed: 0, reused: 18, failed: 2, changes });
    const memory = await remembered(wf);
    expect(memory.find((m) => m.key === "r20")).toBeUndefined();
    // r3 keeps what its last success was, so it is still a change; r19 is kept until a run succeeds.
    expect(memory.find((m) => m.key === "r3")!.runId).not.toBe(b.runId);
    expect(memory.some((m) => m.key === "r19")).toBe(true);

    for (const path of failing) h.sink.on(path, {});
    const c = await runOn(wf, prefix, second, { reuse: { list: second } });
    expect(c.status).toBe("succeeded");
    expect(c.steps.list).toMatchObject({ reason: "reused" });
    expect(pathsOf(c.calls)).toEqual(failing);
    expect(c.steps.sync!.incremental).toMatchObject({ processed: 2, reused: 18, failed: 0, changes });
    const d = await runOn(wf, prefix, second);
    expect(d.calls).toHaveLength(0);
    expect(d.steps.sync!.incremental).toMatchObject({ changes: { removed: [], unchanged: 20 } });
  }, 120_000);

  it("removals are reported again until the whole run succeeds: a dependent acting on them may have failed", async () => {
    const prefix = unique("removals");
    const deletes = unique("deletes");
    const prune = {
      id: "prune",
      uses: "http.request",
      needs: ["sync"],
      with: { url: `${h.sink.url}${deletes}`, method: "POST", body: { ids: "{{ steps.sync.changes.removed }}" } },
      retry: { maxAttempts: 1 },
    };
    const wf = await prepareWorkflow(t.db, h.engine, { steps: [syncStep(prefix), prune] });
    const list = rows(5);
    expect((await runOn(wf, prefix, list)).status).toBe("succeeded");
    h.sink.on(deletes, { status: 500 });
    const failed = await runOn(wf, prefix, list.slice(0, 4));
    expect(failed.status).toBe("partially_succeeded");
    expect(failed.steps.sync!.incremental).toMatchObject({ changes: { removed: ["r4"] } });
    h.sink.on(deletes, {});
    const again = await runOn(wf, prefix, list.slice(0, 4));
    expect(again.status).toBe("succeeded");
    expect(again.steps.sync!.incremental).toMatchObject({ changes: { removed: ["r4"], unchanged: 4 } });
    expect(h.sink.calls(deletes).at(-1)!.body).toEqual(JSON.stringify({ ids: ["r4"] }));
    const after = await runOn(wf, prefix, list.slice(0, 4));
    expect(after.steps.sync!.incremental).toMatchObject({ changes: { removed: [], unchanged: 4 } });
  }, 120_000);

  it("a test run that runs the step reads the memory but never teaches it", async () => {
    const { prefix, wf, list } = await synced("test-teaches", 4);
    const next = list.map((row, i) => (i === 1 ? touched(row) : row));
    const dev = await seedMember(t.db, wf.seeded.workspaceId, `dev-${n}@example.com`, "editor");
    const runId = await wf.start({ trigger: { body: { rows: next } }, testMode: true, startedById: dev.id });
    const approval = await waitingApproval(runId, "sync");
    await decide(
      { db: t.db, engineClient: async () => h.engine },
      {
        workspaceId: wf.seeded.workspaceId,
        approvalId: approval.id,
        actor: { email: dev.email, role: dev.role, name: dev.name },
        decision: "approve",
        channel: "api",
      },
    );
    const tested = await wf.finish(runId);
    expect(tested.steps.sync!.incremental).toMatchObject({ processed: 1, reused: 3 });
    const real = await runOn(wf, prefix, next);
    expect(pathsOf(real.calls)).toEqual([`${prefix}/r1`]);
  }, 120_000);

  it("after resetIncrementalStep, the next run processes every item again", async () => {
    const { prefix, wf, list } = await synced("reset", 30);
    expect((await runOn(wf, prefix, list)).calls).toHaveLength(0);
    expect(await resetIncrementalStep(t.db, wf.seeded.workflowId, "sync")).toBe(30);
    const r = await runOn(wf, prefix, list);
    expect(r.calls).toHaveLength(30);
    expect(r.result.steps.sync!.changes).toMatchObject({ changed: [], removed: [], unchanged: 0 });
    expect(r.result.steps.sync!.changes!.added).toHaveLength(30);
  }, 120_000);

  it("without a version, the fingerprint is the item's rendered input; a small list's whole output stays inline", async () => {
    const prefix = unique("inputs");
    // The key reads the trigger too, which the plan's context must carry.
    const wf = await prepareWorkflow(t.db, h.engine, {
      steps: [syncStep(prefix, { incremental: { key: "{{ trigger.body.tenant }}:{{ item.id }}" } })],
    });
    const body = { tenant: "acme" };
    const list = rows(5).map((row) => ({ ...row, note: "first" }));
    expect((await runOn(wf, prefix, list, { body })).calls).toHaveLength(5);
    // r1's name is sent, so it changed; r2's note and every version are not, so they did not.
    const next = list.map((row, i) => ({
      ...row,
      updated_at: "2026-03-01",
      ...(i === 1 ? { name: "renamed" } : i === 2 ? { note: "second" } : {}),
    }));
    const r = await runOn(wf, prefix, next, { body });
    expect(pathsOf(r.calls)).toEqual([`${prefix}/r1`]);
    const state = r.result.steps.sync!;
    expect(state.changes).toEqual({ added: [], changed: ["acme:r1"], removed: [], unchanged: 4 });
    expect((state.output as ItemOutput[]).map((o) => o.body.path)).toEqual(next.map((row) => `${prefix}/${row.id}`));
    expect(state.stored).toBeUndefined();
  }, 120_000);

  it("a key that names two items fails the step before any item runs, naming both", async () => {
    const prefix = unique("duplicate");
    const wf = await prepareWorkflow(t.db, h.engine, { steps: [syncStep(prefix)] });
    const list = [...rows(3), { id: "r1", updated_at: "2026-04-01", name: "again" }];
    const r = await runOn(wf, prefix, list);
    expect(r.status).toBe("failed");
    expect(r.steps.sync).toMatchObject({
      status: "failed",
      error: { message: 'incremental.key "r1" names items 1 and 3: each item of the list needs its own key' },
    });
    expect(r.calls).toHaveLength(0);
    expect(await remembered(wf)).toHaveLength(0);
  });

  it("a new version that changes the step's definition processes every item again, as changed", async () => {
    const { prefix, wf, list } = await synced("versions", 6);
    const step = syncStep(prefix);
    const v2 = await t.db.workflowVersion.create({
      data: {
        workflowId: wf.seeded.workflowId,
        version: 2,
        definition: definitionSchema.parse({
          ...wf.definition,
          steps: [{ ...step, with: { ...step.with, body: { title: "{{ item.name }}" } } }],
        }) as object,
      },
      select: { id: true, definition: true },
    });
    const runV2 = async () => {
      const before = callsUnder(prefix).length;
      const start = await storeRun(t.db, {
        workspaceId: wf.seeded.workspaceId,
        workflowId: wf.seeded.workflowId,
        version: v2,
        source: "api",
        event: { source: "api", payload: { body: { rows: list } } },
      });
      await dispatchRun(t.db, h.engine, start);
      return { ...(await wf.finish(start.runId)), calls: callsUnder(prefix).slice(before) };
    };
    const r = await runV2();
    expect(r.calls).toHaveLength(6);
    expect(r.result.steps.sync!.changes).toEqual({
      added: [],
      changed: list.map((row) => row.id),
      removed: [],
      unchanged: 0,
    });
    expect((await runV2()).calls).toHaveLength(0);
  }, 120_000);

  it("in test mode the step still waits for the developer; skipped, it plans nothing and its memory stays", async () => {
    const { prefix, wf, list } = await synced("test-mode", 4);
    const next = list.map((row, i) => (i === 1 ? touched(row) : row));
    const dev = await seedMember(t.db, wf.seeded.workspaceId, `dev-${n}@example.com`, "editor");
    const runId = await wf.start({ trigger: { body: { rows: next } }, testMode: true, startedById: dev.id });
    const approval = await waitingApproval(runId, "sync");
    const decided = await decide(
      { db: t.db, engineClient: async () => h.engine },
      {
        workspaceId: wf.seeded.workspaceId,
        approvalId: approval.id,
        actor: { email: dev.email, role: dev.role, name: dev.name },
        decision: "reject",
        channel: "api",
      },
    );
    expect(decided).toMatchObject({ kind: "decided" });
    const skipped = await wf.finish(runId);
    expect(skipped.steps.sync).toMatchObject({ status: "skipped", reason: "test_skipped", incremental: null });
    expect(await t.db.stepItem.count({ where: { runId } })).toBe(0);
    const r = await runOn(wf, prefix, next);
    expect(pathsOf(r.calls)).toEqual([`${prefix}/r1`]);
  }, 120_000);

  it("10,000 unchanged rows cost no connector call and a handful of statements; large changes are read from Postgres", async () => {
    const prefix = unique("ten-thousand");
    const wf = await prepareWorkflow(t.db, h.engine, { steps: [syncStep(prefix, { concurrency: 40 }), report] });
    const list = rows(10_000);
    const timed = async () => {
      const started = performance.now();
      return { ...(await runOn(wf, prefix, list)), ms: Math.round(performance.now() - started) };
    };
    const a = await timed();
    expect(a.status).toBe("succeeded");
    expect(a.calls).toHaveLength(10_000);
    // 10,000 added keys are more than a payload carries: templates read them from the step's row.
    expect(a.result.steps.sync).toMatchObject({ stored: "items", changesStored: true });
    expect(a.result.steps.sync!.changes).toBeUndefined();
    expect(a.steps.report!.output).toMatchObject({ added: 10_000, unchanged: 0, outputs: 10_000 });

    const before = worker.statements;
    const b = await timed();
    const statements = worker.statements - before;
    expect(b.status).toBe("succeeded");
    expect(b.calls).toHaveLength(0);
    expect(b.steps.sync!.incremental).toMatchObject({ processed: 0, reused: 10_000, failed: 0 });
    expect(b.steps.sync!.savedCalls).toBe(10_000);
    expect(b.steps.report!.output).toMatchObject({ added: 0, unchanged: 10_000, outputs: 10_000 });
    // Everything the worker sent for the whole run (claiming it, both steps, its record): not one per item.
    console.log(
      `[incremental] 10,000 items: the first run took ${a.ms} ms; one with nothing changed ${b.ms} ms and ${statements} statements`,
    );
    expect(statements).toBeLessThan(40);
  }, 600_000);
});

async function waitingApproval(runId: string, stepId: string) {
  for (;;) {
    const approval = await t.db.approval.findUnique({ where: { runId_stepId: { runId, stepId } } });
    if (approval && (await queryRunState(h.engine, runId)).steps[stepId]?.status === "waiting") return approval;
    await new Promise((r) => setTimeout(r, 50));
  }
}
