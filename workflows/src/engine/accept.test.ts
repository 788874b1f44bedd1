import { seedWorkflow, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { Client, Connection, type WorkflowStartOptions } from "@temporalio/client";
import { describe, expect, it } from "vitest";
import type { EngineClient } from "../client";
import { workflowIdForRun } from "../interpreter/contract";
import { relayOnce } from "../outbox";
import { EventTooLargeError, jsonBytes, storeRun, type NewRun } from "../runs";
import { dispatchOrLeaveToRelay } from "../dispatch";
import { createDispatcher } from "../dispatcher";
import { cancelRun } from "./cancel";
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
    const before = Date.now();
    const { runId } = await acceptRun(deps, w.newRun(1));

    expect((await resultOf(runId)).status).toBe("succeeded");
    const after = Date.now();
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId }, include: { event: true } });
    expect(run).toMatchObject({
      status: "succeeded",
      source: "webhook",
      dispatchAttempts: 0,
      testMode: false,
      reuse: null,
      event: { workspaceId: w.workspaceId, workflowId: w.workflowId, source: "webhook", payload: { body: { n: 1 } } },
    });
    for (const time of [run.createdAt, run.event!.receivedAt, run.dispatchedAt!, run.startedAt!, run.endedAt!]) {
      expect(time.getTime()).toBeGreaterThanOrEqual(before);
      expect(time.getTime()).toBeLessThanOrEqual(after);
    }
    expect(run.id).toMatch(/^c[0-9a-z]{24}$/);
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

describe("acceptRun with a dispatcher: answered once stored, started after", () => {
  /** A client whose StartWorkflow waits until `release`, as a loaded Temporal does. */
  function heldTemporal() {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const calls = { started: 0, inFlight: 0, mostInFlight: 0 };
    const start = async (type: string, options: WorkflowStartOptions) => {
      calls.started++;
      calls.mostInFlight = Math.max(calls.mostInFlight, ++calls.inFlight);
      await held;
      calls.inFlight--;
      return h.engine.temporal.workflow.start(type, options);
    };
    const client = { ...h.engine, temporal: { workflow: { start } } } as unknown as EngineClient;
    return { client, release, calls };
  }

  const sinkCallsFor = (n: number) => h.sink.calls("/accepted").filter((c) => JSON.parse(c.body).n === n);
  const executionsOf = (runId: string) => h.engine.temporal.workflow.count(`WorkflowId = "${workflowIdForRun(runId)}"`);

  it("returns with the run stored and queued before Temporal has taken it, and starts it once it does", async () => {
    const w = await seed();
    const temporal = heldTemporal();
    const { deps, logs } = depsWith(async () => temporal.client);
    const dispatcher = createDispatcher(deps);
    const { runId } = await acceptRun({ ...deps, dispatcher }, w.newRun(9));
    expect(await row(runId)).toMatchObject({ status: "queued", dispatchedAt: null });

    temporal.release();
    await dispatcher.idle();
    expect((await resultOf(runId)).status).toBe("succeeded");
    expect(await row(runId)).toMatchObject({ status: "succeeded", dispatchedAt: expect.any(Date) });
    expect(logs).toEqual([]);
  });

  it("a run cancelled between the answer and its start stays cancelled, and none of its steps runs", async () => {
    const w = await seed();
    const temporal = heldTemporal();
    const { deps } = depsWith(async () => temporal.client);
    const dispatcher = createDispatcher(deps);
    const { runId } = await acceptRun({ ...deps, dispatcher }, w.newRun(17));
    expect(await cancelRun({ db: t.db, engineClient: async () => h.engine }, runId)).toBe("cancelled");

    temporal.release();
    await dispatcher.idle();
    // The workflow did start, found its run cancelled and ended without touching it.
    expect((await resultOf(runId)).status).toBe("cancelled");
    expect(await row(runId)).toMatchObject({ status: "cancelled", startedAt: null });
    expect(await t.db.stepRun.count({ where: { runId } })).toBe(0);
    expect(sinkCallsFor(17)).toHaveLength(0);
  });

  it("a run whose process died before starting it is started by the relay, once, even if the dispatcher also gets to it", async () => {
    const w = await seed();
    const temporal = heldTemporal();
    const { deps } = depsWith(async () => temporal.client);
    const dispatcher = createDispatcher(deps);
    const { runId } = await acceptRun({ ...deps, dispatcher }, w.newRun(10));
    // The relay takes it while the accepting process's start is still held (a crash looks the same to it).
    expect((await relayOnce(t.db, h.engine, { graceMs: 0, batchSize: 100 })).started).toBeGreaterThanOrEqual(1);
    expect((await resultOf(runId)).status).toBe("succeeded");
    temporal.release();
    await dispatcher.idle();
    // Temporal refused the second start of `run-<id>`: one execution, and the step ran once.
    expect((await executionsOf(runId)).count).toBe(1);
    expect(sinkCallsFor(10)).toHaveLength(1);
  });

  it("keeps several starts in flight, and no more than its concurrency", async () => {
    const w = await seed();
    const temporal = heldTemporal();
    const { deps } = depsWith(async () => temporal.client);
    const dispatcher = createDispatcher(deps, { concurrency: 4 });
    const runIds: string[] = [];
    for (const n of [11, 12, 13, 14, 15, 16])
      runIds.push((await acceptRun({ ...deps, dispatcher }, w.newRun(n))).runId);
    await expect.poll(() => temporal.calls.started).toBe(4);
    temporal.release();
    await dispatcher.idle();
    expect(temporal.calls).toMatchObject({ started: 6, mostInFlight: 4 });
    for (const runId of runIds) expect((await resultOf(runId)).status).toBe("succeeded");
  });

  it("past its bound, leaves new runs to the relay instead of holding them", async () => {
    const w = await seed();
    const temporal = heldTemporal();
    const { deps, logs } = depsWith(async () => temporal.client);
    // Room for one run's start input in the queue: the input's size does not depend on n.
    const oneRun = jsonBytes(await storeRun(t.db, w.newRun(21)));
    const dispatcher = createDispatcher(deps, { concurrency: 1, maxQueuedBytes: oneRun });
    const held = await acceptRun({ ...deps, dispatcher }, w.newRun(18)); // in flight
    const queued = await acceptRun({ ...deps, dispatcher }, w.newRun(19)); // waiting in the queue
    const overflow = await acceptRun({ ...deps, dispatcher }, w.newRun(20));
    expect(logs).toEqual([{ level: "warn", message: expect.stringContaining("relay"), runId: overflow.runId }]);

    temporal.release();
    await dispatcher.idle();
    for (const { runId } of [held, queued]) expect((await resultOf(runId)).status).toBe("succeeded");
    expect(await row(overflow.runId)).toMatchObject({ status: "queued", dispatchedAt: null });
    await relayOnce(t.db, h.engine, { graceMs: 0, batchSize: 100 });
    expect((await resultOf(overflow.runId)).status).toBe("succeeded");
  });

  it("once Temporal proves unreachable, leaves what is queued and what comes for a while to the relay, untried", async () => {
    const w = await seed();
    let connects = 0;
    let refuse!: () => void;
    const refused = new Promise<void>((resolve) => (refuse = resolve));
    const { deps, logs } = depsWith(async () => {
      connects++;
      await refused;
      throw new Error("connect ECONNREFUSED 127.0.0.1:7233");
    });
    let clock = 0;
    const dispatcher = createDispatcher(deps, { concurrency: 1, outagePauseMs: 5_000, now: () => clock });
    const accept = async (n: number) => (await acceptRun({ ...deps, dispatcher }, w.newRun(n))).runId;
    // The first run's start is under way (and will fail) while two more wait behind it.
    const runs = [await accept(22), await accept(23), await accept(24)];
    refuse();
    await dispatcher.idle();
    clock = 4_999;
    runs.push(await accept(25));
    await dispatcher.idle();
    // One try for the first run; the queued ones and the one during the pause went to the relay.
    expect(connects).toBe(1);
    expect(logs.filter((l) => l.message.startsWith("Temporal unreachable"))).toHaveLength(1);
    for (const runId of runs) expect(await row(runId)).toMatchObject({ status: "queued", dispatchedAt: null });

    clock = 5_000;
    await accept(26);
    await dispatcher.idle();
    expect(connects).toBe(2);
  });
});
