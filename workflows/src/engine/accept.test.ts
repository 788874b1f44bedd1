import { seedWorkflow, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { Client, Connection, type WorkflowStartOptions } from "@temporalio/client";
import { describe, expect, it } from "vitest";
import type { EngineClient } from "../client";
import { workflowIdForRun } from "../interpreter/contract";
import { relayOnce } from "../outbox";
import { EventTooLargeError, storeRun, type NewRun } from "../runs";
import { dispatchOrLeaveToRelay } from "../dispatch";
import { acceptRun } from "./accept";

const t = useTestDatabase();
const h = useEngine(t, "accept");

/** A workflow whose one step posts `trigger.body.n` to the sink, in a workspace of its own. */
async function seed() {
  const definition = {
    name: "accepted",
    trigger: { type: "webhook" },
    steps: [
      {
        id: "post",
        uses: "http.request",
        with: { url: `${h.sink.url}/accepted`, method: "POST", body: { n: "{{ trigger.body.n }}" } },
      },
    ],
  };
  const seeded = await seedWorkflow(t.db, definition, "accepted", `ws-${Math.random().toString(36).slice(2)}`);
  const version = await t.db.workflowVersion.findUniqueOrThrow({
    where: { id: seeded.versionId },
    select: { id: true, definition: true },
  });
  const newRun = (n: number): NewRun => ({
    workspaceId: seeded.workspaceId,
    workflowId: seeded.workflowId,
    version,
    source: "webhook",
    event: { source: "webhook", payload: { body: { n } } },
  });
  return { ...seeded, newRun };
}

/** The engine's deps with this client getter, and what it logged. */
function depsWith(engineClient: () => Promise<EngineClient>) {
  const logs: { level: "warn" | "error"; message: string; runId: unknown }[] = [];
  const logger = {
    info() {},
    warn: (message: string, fields?: Record<string, unknown>) =>
      void logs.push({ level: "warn", message, runId: fields?.runId }),
    error: (message: string, fields?: Record<string, unknown>) =>
      void logs.push({ level: "error", message, runId: fields?.runId }),
  };
  return { deps: { db: t.db, logger, engineClient }, logs };
}

/** A real gRPC client of a closed port, without the SDK's retries (they only make the failure slower). */
function unreachableTemporal(onStart: () => void = () => {}): EngineClient {
  const connection = Connection.lazy({ address: "127.0.0.1:1", interceptors: [] });
  const temporal = new Client({ connection });
  const start = temporal.workflow.start.bind(temporal.workflow);
  const counted = { start: (type: string, options: WorkflowStartOptions) => (onStart(), start(type, options)) };
  return {
    temporal: { workflow: counted },
    taskQueue: h.taskQueue,
    close: () => connection.close(),
  } as unknown as EngineClient;
}

const row = (runId: string) => t.db.run.findUniqueOrThrow({ where: { id: runId } });
const resultOf = (runId: string) => h.engine.temporal.workflow.getHandle(workflowIdForRun(runId)).result();

describe("acceptRun: a run stored and started in one call", () => {
  it("stores the run with its event and starts it on Temporal", async () => {
    const w = await seed();
    const { deps, logs } = depsWith(async () => h.engine);
    const { runId } = await acceptRun(deps, w.newRun(1));

    expect((await resultOf(runId)).status).toBe("succeeded");
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId }, include: { event: true } });
    expect(run).toMatchObject({
      status: "succeeded",
      source: "webhook",
      dispatchAttempts: 0,
      event: { payload: { body: { n: 1 } } },
    });
    expect(run.dispatchedAt).not.toBeNull();
    expect(h.sink.calls("/accepted").map((c) => JSON.parse(c.body))).toContainEqual({ n: 1 });
    expect(logs).toEqual([]);
  });

  it("while Temporal is unreachable, the run stays queued for the relay, counted against nothing, and the relay starts it", async () => {
    const w = await seed();
    const noClient = depsWith(() => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:7233")));
    const closedPort = unreachableTemporal();
    const noAnswer = depsWith(async () => closedPort);
    let runs: string[];
    try {
      runs = [(await acceptRun(noClient.deps, w.newRun(2))).runId, (await acceptRun(noAnswer.deps, w.newRun(3))).runId];
    } finally {
      await closedPort.close();
    }

    for (const runId of runs)
      expect(await row(runId)).toMatchObject({
        status: "queued",
        dispatchedAt: null,
        dispatchAttempts: 0,
        dispatchError: null,
        nextDispatchAt: null,
      });
    expect(await t.db.alert.count({ where: { runId: { in: runs } } })).toBe(0);
    expect([...noClient.logs, ...noAnswer.logs]).toEqual(
      runs.map((runId) => ({ level: "warn", message: expect.stringContaining("the relay will start it"), runId })),
    );

    await relayOnce(t.db, h.engine, { graceMs: 0, batchSize: 100 });
    for (const runId of runs) expect((await resultOf(runId)).status).toBe("succeeded");
  });

  it("a run Temporal refuses for its own reasons ends failed_to_start with an alert, and is not left to the relay", async () => {
    const w = await seed();
    // Temporal refuses workflow ids over 1,000 characters: a real, permanent refusal of this one run.
    const start = (type: string, options: WorkflowStartOptions) =>
      h.engine.temporal.workflow.start(type, { ...options, workflowId: `${options.workflowId}-${"x".repeat(1_000)}` });
    const refusing = { ...h.engine, temporal: { workflow: { start } } } as unknown as EngineClient;
    const { deps, logs } = depsWith(async () => refusing);
    const { runId } = await acceptRun(deps, w.newRun(4));

    const run = await row(runId);
    expect(run).toMatchObject({
      status: "failed_to_start",
      dispatchedAt: null,
      dispatchAttempts: 1,
      nextDispatchAt: null,
    });
    expect(run.dispatchError).toMatch(/WorkflowId/i);
    expect(await t.db.alert.findFirstOrThrow({ where: { runId } })).toMatchObject({
      kind: "run_failed_to_start",
      workspaceId: w.workspaceId,
      details: { refused: true, attempts: 1 },
    });
    expect(logs).toEqual([{ level: "error", message: expect.stringContaining("ended failed_to_start"), runId }]);
    expect(
      (await relayOnce(t.db, h.engine, { graceMs: 0, batchSize: 100 })).failures.map((f) => f.runId),
    ).not.toContain(runId);
  });

  it("an event over the limit is refused before anything is stored", async () => {
    const w = await seed();
    const { deps } = depsWith(async () => h.engine);
    const before = await t.db.run.count({ where: { workflowId: w.workflowId } });
    await expect(acceptRun(deps, w.newRun(5), { maxEventBytes: 8 })).rejects.toBeInstanceOf(EventTooLargeError);
    expect(await t.db.run.count({ where: { workflowId: w.workflowId } })).toBe(before);
    expect(await t.db.event.count({ where: { workflowId: w.workflowId } })).toBe(0);
  });
});

describe("dispatchOrLeaveToRelay: several stored runs (a delivery's)", () => {
  it("once Temporal proves unreachable, the rest go to the relay without each waiting out the same failure", async () => {
    const w = await seed();
    const stored = [
      await storeRun(t.db, w.newRun(6)),
      await storeRun(t.db, w.newRun(7)),
      await storeRun(t.db, w.newRun(8)),
    ];
    let starts = 0;
    const closedPort = unreachableTemporal(() => starts++);
    const { deps, logs } = depsWith(async () => closedPort);
    try {
      await dispatchOrLeaveToRelay(deps, stored);
    } finally {
      await closedPort.close();
    }
    expect(starts).toBe(1);
    expect(logs.map((l) => [l.level, l.runId])).toEqual(stored.map((s) => ["warn", s.runId]));
    for (const { runId } of stored)
      expect(await row(runId)).toMatchObject({ status: "queued", dispatchedAt: null, dispatchAttempts: 0 });
  });
});
