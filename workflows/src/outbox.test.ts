import { seedRun, seedWorkflow, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { Client, Connection } from "@temporalio/client";
import { describe, expect, it } from "vitest";
import type { EngineClient } from "./client";
import { workflowIdForRun } from "./interpreter/contract";
import { relayOnce, relayPendingRuns } from "./outbox";

const t = useTestDatabase();
const h = useEngine(t, "relay");

describe("outbox relay", () => {
  it("starts runs stored while Temporal was unreachable, once, and leaves fresh ones to their request", async () => {
    const seeded = await seedWorkflow(t.db, {
      name: "relay",
      trigger: { type: "webhook" },
      steps: [{ id: "only", uses: "http.request", with: { url: `${h.sink.url}/relayed`, method: "POST" } }],
    });
    const stranded = await seedRun(t.db, seeded, { body: { n: 1 } });
    await t.db.run.update({ where: { id: stranded }, data: { createdAt: new Date(Date.now() - 60_000) } });
    const fresh = await seedRun(t.db, seeded);

    expect(await relayPendingRuns(t.db, h.engine, { graceMs: 10_000, batchSize: 10 })).toBe(1);
    const result = await h.engine.temporal.workflow.getHandle(workflowIdForRun(stranded)).result();
    expect(result.status).toBe("succeeded");

    const rows = await t.db.run.findMany({ where: { id: { in: [stranded, fresh] } } });
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[stranded]).toMatchObject({ status: "succeeded" });
    expect(byId[stranded]!.dispatchedAt).not.toBeNull();
    expect(byId[fresh]).toMatchObject({ status: "queued", dispatchedAt: null });

    // A second pass finds nothing: the run is dispatched, and starting it again would be a no-op anyway.
    expect(await relayPendingRuns(t.db, h.engine, { graceMs: 10_000, batchSize: 10 })).toBe(0);
    expect(h.sink.calls("/relayed")).toHaveLength(1);
  });
});

/** The relay's clock in the tests below: fixed, and years before any run the other tests create now. */
const T0 = new Date("2020-06-01T12:00:00Z");
const at = (ms: number) => () => new Date(T0.getTime() + ms);

describe("outbox relay: failures are per run", () => {
  const defineRelayed = () =>
    seedWorkflow(t.db, { name: "per run", trigger: { type: "webhook" }, steps: [{ id: "only", uses: "http.request", with: { url: `${h.sink.url}/per-run`, method: "POST" } }] }, "per-run", `ws-per-run-${Math.random().toString(36).slice(2)}`);
  /** A queued run created `agoMs` before T0, with its own event. */
  const queuedRun = async (seeded: Awaited<ReturnType<typeof defineRelayed>>, agoMs: number, id?: string) => {
    const event = await t.db.event.create({ data: { workspaceId: seeded.workspaceId, workflowId: seeded.workflowId, source: "test", payload: { body: { agoMs } } } });
    const run = await t.db.run.create({ data: { ...(id ? { id } : {}), workspaceId: seeded.workspaceId, workflowId: seeded.workflowId, versionId: seeded.versionId, eventId: event.id, createdAt: new Date(T0.getTime() - agoMs) } });
    return run.id;
  };
  const resultOf = (runId: string) => h.engine.temporal.workflow.getHandle(workflowIdForRun(runId)).result();

  it("a run Temporal refuses ends failed_to_start with an alert, and the runs after it still start in the same pass", async () => {
    const seeded = await defineRelayed();
    // Temporal refuses workflow ids over 1,000 characters: a real, permanent refusal of this one run.
    const refused = await queuedRun(seeded, 180_000, `r${"x".repeat(1_100)}`);
    const later = [await queuedRun(seeded, 120_000), await queuedRun(seeded, 60_000)];

    const report = await relayOnce(t.db, h.engine, { graceMs: 10_000, batchSize: 10, now: at(0) });
    expect(report.started).toBe(2);
    expect(report.failures).toEqual([{ runId: refused, outcome: "failed_to_start", error: expect.any(String) }]);
    for (const runId of later) expect((await resultOf(runId)).status).toBe("succeeded");

    const run = await t.db.run.findUniqueOrThrow({ where: { id: refused } });
    expect(run).toMatchObject({ status: "failed_to_start", dispatchedAt: null, dispatchAttempts: 1, endedAt: T0, nextDispatchAt: null });
    expect(run.dispatchError).toMatch(/WorkflowId/i);
    const alert = await t.db.alert.findFirstOrThrow({ where: { runId: refused } });
    expect(alert).toMatchObject({ kind: "run_failed_to_start", workspaceId: seeded.workspaceId, title: "per run: run could not start" });
    expect(alert.message).toContain("Temporal refused to start it");
    expect(alert.details).toMatchObject({ workflow: "per-run", attempts: 1, refused: true });

    // Given up means left alone: later passes neither retry it nor raise another alert.
    expect((await relayOnce(t.db, h.engine, { graceMs: 10_000, batchSize: 10, now: at(3_600_000) })).failures).toEqual([]);
    expect(await t.db.alert.count({ where: { runId: refused } })).toBe(1);
  });

  it("a start that keeps failing is retried with exponential backoff, then given up with an alert", async () => {
    const seeded = await defineRelayed();
    const runId = await queuedRun(seeded, 60_000);
    let starts = 0;
    const failing = {
      ...h.engine,
      temporal: { workflow: { start: async () => (starts++, Promise.reject(new Error("history shard is corrupt"))) } },
    } as unknown as EngineClient;
    const retry = { maxAttempts: 3, initialDelayMs: 1_000, maxDelayMs: 1_500 };
    const pass = (ms: number) => relayOnce(t.db, failing, { graceMs: 10_000, batchSize: 10, retry, now: at(ms) });
    const row = () => t.db.run.findUniqueOrThrow({ where: { id: runId } });

    expect((await pass(0)).failures).toEqual([{ runId, outcome: "retrying", error: "history shard is corrupt" }]);
    expect(await row()).toMatchObject({ status: "queued", dispatchAttempts: 1, dispatchError: "history shard is corrupt", nextDispatchAt: new Date(T0.getTime() + 1_000) });

    // Not due yet: the run waits out its backoff untouched.
    expect((await pass(999)).failures).toEqual([]);
    expect(starts).toBe(1);

    expect((await pass(1_000)).failures[0]?.outcome).toBe("retrying");
    // The wait doubles (2 s), capped at 1.5 s.
    expect(await row()).toMatchObject({ dispatchAttempts: 2, nextDispatchAt: new Date(T0.getTime() + 2_500) });
    expect((await pass(2_499)).failures).toEqual([]);

    expect((await pass(2_500)).failures[0]?.outcome).toBe("failed_to_start");
    expect(starts).toBe(3);
    expect(await row()).toMatchObject({ status: "failed_to_start", dispatchAttempts: 3, endedAt: new Date(T0.getTime() + 2_500), nextDispatchAt: null });
    const alert = await t.db.alert.findFirstOrThrow({ where: { runId } });
    expect(alert.kind).toBe("run_failed_to_start");
    expect(alert.message).toContain("Temporal failed to start it 3 times: history shard is corrupt");

    expect((await pass(3_600_000)).failures).toEqual([]);
    expect(starts).toBe(3);
  });

  it("while Temporal is unreachable nothing is counted or given up; the pass stops at the first run and all start once it is back", async () => {
    const seeded = await defineRelayed();
    const runs = [await queuedRun(seeded, 120_000), await queuedRun(seeded, 60_000)];
    // A real gRPC client of a closed port, without the SDK's retries (they only make the failure slower).
    const connection = Connection.lazy({ address: "127.0.0.1:1", interceptors: [] });
    const down = { temporal: new Client({ connection }), taskQueue: h.taskQueue, close: () => connection.close() };
    try {
      for (let i = 0; i < 5; i++) {
        const report = await relayOnce(t.db, down, { graceMs: 10_000, batchSize: 10, retry: { maxAttempts: 1 }, now: at(i * 60_000) });
        expect(report).toEqual({ started: 0, failures: [{ runId: runs[0], outcome: "unavailable", error: expect.any(String) }] });
      }
    } finally {
      await down.close();
    }
    for (const run of await t.db.run.findMany({ where: { id: { in: runs } } })) {
      expect(run).toMatchObject({ status: "queued", dispatchAttempts: 0, nextDispatchAt: null, dispatchError: null });
    }
    expect(await relayPendingRuns(t.db, h.engine, { graceMs: 10_000, batchSize: 10, now: at(300_000) })).toBe(2);
    for (const runId of runs) expect((await resultOf(runId)).status).toBe("succeeded");
  });
});
