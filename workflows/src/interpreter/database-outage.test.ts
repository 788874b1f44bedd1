// A PostgreSQL outage is the platform's fault, not the user's. The worker reaches the database
// through a loopback proxy the test cuts while a run is under way: the run still succeeds, its
// step's attempts are not spent on the outage, its connector is called once, and no step row
// is left `running`. A step that fails for its own reasons still gets exactly its attempts.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { builtinRegistry, createHttpClient } from "@switchyard/connectors";
import type { Db } from "@switchyard/db";
import {
  connectTestEngine,
  prepareWorkflow,
  clientThrough,
  startProxyFor,
  uniqueTaskQueue,
  useTestDatabase,
  type TcpProxy,
} from "@switchyard/devstack/testing";
import type { temporal } from "@temporalio/proto";
import { DefaultLogger, NativeConnection, Runtime, type Worker } from "@temporalio/worker";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { workflowIdForRun, type EngineClient } from "../client";
import { createWorker } from "../worker";
import { ENGINE_UNAVAILABLE } from "./contract";

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** A fake API whose paths answer with a status; a held path keeps its first call waiting until released. */
interface FakeApi {
  url: string;
  arrivals(path: string): number;
  release(path: string): void;
  close(): Promise<void>;
}

async function startFakeApi(
  paths: Record<string, { status: number; hold?: boolean; padBytes?: number }>,
): Promise<FakeApi> {
  const arrived = new Map<string, number>();
  const gates = new Map<string, { open: Promise<void>; release: () => void }>();
  for (const path of Object.keys(paths)) {
    let release!: () => void;
    const open = new Promise<void>((resolve) => (release = resolve));
    gates.set(path, { open, release });
  }
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", async () => {
      const path = req.url ?? "/";
      const n = (arrived.get(path) ?? 0) + 1;
      arrived.set(path, n);
      if (paths[path]?.hold && n === 1) await gates.get(path)!.open;
      const status = paths[path]?.status ?? 404;
      res
        .writeHead(status, { "content-type": "application/json" })
        .end(JSON.stringify({ path, call: n, pad: "x".repeat(paths[path]?.padBytes ?? 0) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals: (path) => arrived.get(path) ?? 0,
    release: (path) => gates.get(path)!.release(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const t = useTestDatabase();
const DATABASE_PATIENCE_MS = 1_000;
const taskQueue = uniqueTaskQueue("db-outage");
let proxy: TcpProxy;
let workerDb: Db;
let engine: EngineClient;
let worker: { instance: Worker; running: Promise<void>; connection: NativeConnection };

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger("ERROR") });
  } catch {
    // Another file of this process installed it.
  }
  proxy = await startProxyFor(t.url);
  // Only the worker goes through the proxy: the test keeps reading and seeding while it is cut.
  workerDb = clientThrough(proxy, t.url);
  engine = await connectTestEngine(taskQueue);
  const connection = await NativeConnection.connect({ address: inject("temporalAddress") });
  const instance = await createWorker({
    connection,
    namespace: inject("temporalNamespace"),
    taskQueue,
    deps: {
      db: workerDb,
      registry: builtinRegistry,
      http: createHttpClient({ ssrf: { enabled: false, allowHosts: [] } }),
      baseUrls: {},
      logger: { info() {}, warn() {}, error() {} },
      // Short, so that every outage below outlasts the activity's own wait and reaches the workflow.
      databasePatienceMs: DATABASE_PATIENCE_MS,
    },
    workflowBundle: { codePath: inject("workflowBundlePath") },
  });
  worker = { instance, running: instance.run(), connection };
});

afterAll(async () => {
  proxy?.restore();
  if (worker) {
    worker.instance.shutdown();
    await worker.running;
    await worker.connection.close();
  }
  await engine?.close();
  await workerDb?.$disconnect();
  await proxy?.close();
});

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function historyHas(runId: string, match: (e: HistoryEvent) => boolean): Promise<boolean> {
  const history = await engine.temporal.workflow.getHandle(workflowIdForRun(runId)).fetchHistory();
  return (history.events ?? []).some(match);
}
const scheduled = (activity: string) => (e: HistoryEvent) =>
  e.activityTaskScheduledEventAttributes?.activityType?.name === activity;
const engineUnavailable = (e: HistoryEvent) =>
  e.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.type === ENGINE_UNAVAILABLE;

const httpStep = (id: string, url: string, maxAttempts: number) => ({
  id,
  uses: "http.request",
  with: { url, method: "POST", body: { id } },
  retry: { maxAttempts, initialInterval: "50ms" },
});

interface Outage {
  /**
   * "call": cut while the step's first call is held at the fake API, then let it answer; "start":
   * cut before the run starts; "pause": cut while the run waits on a timer before the step.
   */
  cut: "call" | "start" | "pause";
  /** Whether the outage has been noticed (by the run's history, or the worker's attempts); the database comes back then. */
  until: (runId: string) => Promise<boolean>;
}

const historyShows = (match: (e: HistoryEvent) => boolean) => (runId: string) => historyHas(runId, match);
const timerStarted = (e: HistoryEvent) => !!e.timerStartedEventAttributes;

/** Lets the run claim its row first: the database goes while the workflow waits on the timer (long enough for the test to see it start on a loaded machine). */
const PAUSE = { id: "pause", uses: "core.delay", with: { duration: "10s" } };

/**
 * The run begins by claiming its row, so an outage from its start holds it there, before any
 * step (and with nothing in its history until the claim is written). Noticed once the worker
 * has kept trying for longer than one attempt's own patience: the claim was attempted again.
 */
const outlastedAnAttempt = async () => {
  const refused = proxy.refusedAt();
  return refused.length > 1 && refused.at(-1)! - refused[0]! > 2 * DATABASE_PATIENCE_MS;
};

/** One step against the fake API, run through a database outage; what the run recorded, and how often the API was called. */
async function runThroughOutage(answer: { status: number; padBytes?: number }, maxAttempts: number, outage: Outage) {
  const path = "/step";
  const api = await startFakeApi({ [path]: { ...answer, hold: outage.cut === "call" } });
  try {
    const step = httpStep("step", `${api.url}${path}`, maxAttempts);
    const steps = outage.cut === "pause" ? [PAUSE, { ...step, needs: [PAUSE.id] }] : [step];
    const wf = await prepareWorkflow(t.db, engine, { steps });
    if (outage.cut === "start") proxy.cut();
    const runId = await wf.start();
    if (outage.cut === "pause") {
      await waitFor("the pause", () => historyHas(runId, timerStarted));
      proxy.cut();
    }
    if (outage.cut === "call") {
      await waitFor("the step's call", () => api.arrivals(path) === 1);
      proxy.cut();
      api.release(path);
    }
    await waitFor("the workflow to notice the outage", () => outage.until(runId));
    const callsDuringOutage = api.arrivals(path);
    proxy.restore();
    const run = await wf.finish(runId);
    const runningRows = await t.db.stepRun.count({ where: { runId, status: "running" } });
    return { run, step: run.steps.step!, calls: api.arrivals(path), callsDuringOutage, runningRows };
  } finally {
    proxy.restore();
    // A call still held would keep the server from closing.
    api.release(path);
    await api.close();
  }
}

describe("a database outage during a run", () => {
  it("cut while the step's call is in flight: the result is written once the database is back, and the call is not repeated", async () => {
    // Larger than what the workflow keeps inline: the late write also stores the output (claim check).
    const { run, step, calls, runningRows } = await runThroughOutage({ status: 200, padBytes: 100_000 }, 3, {
      cut: "call",
      until: historyShows(scheduled("recordStepResult")),
    });
    expect(run.status).toBe("succeeded");
    expect(step).toMatchObject({
      status: "succeeded",
      attempts: 1,
      output: { status: 200, body: { path: "/step", call: 1 } },
    });
    expect(run.result.steps.step).toMatchObject({ status: "succeeded", stored: "step" });
    expect(calls).toBe(1);
    expect(runningRows).toBe(0);
  });

  it("cut when the step fails for good: the failure is written once the database is back, and the call is not repeated", async () => {
    const { run, step, calls, runningRows } = await runThroughOutage({ status: 400 }, 3, {
      cut: "call",
      until: historyShows(scheduled("recordStepResult")),
    });
    expect(run.status).toBe("failed");
    expect(step).toMatchObject({ status: "failed", attempts: 1, error: { type: "HttpError" } });
    expect((step.error as { message: string }).message).toContain("HTTP 400");
    expect(calls).toBe(1);
    expect(runningRows).toBe(0);
  });

  it("cut before the run starts: the run waits at its claim, and then runs as if nothing happened", async () => {
    const { run, step, calls, callsDuringOutage, runningRows } = await runThroughOutage({ status: 200 }, 1, {
      cut: "start",
      until: outlastedAnAttempt,
    });
    expect(callsDuringOutage).toBe(0);
    expect(run.status).toBe("succeeded");
    expect(step).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(calls).toBe(1);
    expect(runningRows).toBe(0);
  });

  it("cut before the step starts: the workflow waits for the database without spending the step's attempts", async () => {
    // One attempt allowed, and it is not spent on the outage.
    const { run, step, calls, callsDuringOutage, runningRows } = await runThroughOutage({ status: 200 }, 1, {
      cut: "pause",
      until: historyShows(engineUnavailable),
    });
    expect(callsDuringOutage).toBe(0);
    expect(run.status).toBe("succeeded");
    expect(step).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(calls).toBe(1);
    expect(runningRows).toBe(0);
  });

  it("a step failing for its own reasons still fails after exactly its attempts, outage or not", async () => {
    // The first attempt fails while the database is away; the second cannot start until it is back.
    const { run, step, calls, callsDuringOutage, runningRows } = await runThroughOutage({ status: 503 }, 3, {
      cut: "call",
      until: historyShows(engineUnavailable),
    });
    expect(callsDuringOutage).toBe(1);
    expect(run.status).toBe("failed");
    expect(step).toMatchObject({ status: "failed", attempts: 3, error: { type: "HttpError" } });
    expect(calls).toBe(3);
    expect(runningRows).toBe(0);
    expect(await t.db.alert.count({ where: { runId: run.runId } })).toBe(1);
  });

  it("cut before a forEach starts: its batches wait for the database, and each item runs once", async () => {
    const api = await startFakeApi({ "/item": { status: 200 } });
    try {
      const items = { id: "items", uses: "http.request", forEach: "{{ trigger.items }}", needs: [PAUSE.id] };
      const step = { ...items, with: { url: `${api.url}/item`, method: "POST", body: { n: "{{ item }}" } } };
      const wf = await prepareWorkflow(t.db, engine, { steps: [PAUSE, { ...step, retry: { maxAttempts: 1 } }] });
      const runId = await wf.start({ trigger: { items: [1, 2, 3] } });
      await waitFor("the pause", () => historyHas(runId, timerStarted));
      proxy.cut();
      await waitFor("the workflow to notice the outage", () => historyHas(runId, engineUnavailable));
      expect(api.arrivals("/item")).toBe(0);
      proxy.restore();
      const run = await wf.finish(runId);
      expect(run.status).toBe("succeeded");
      expect(run.steps.items).toMatchObject({ status: "succeeded" });
      const rows = await t.db.stepItem.findMany({ where: { runId }, select: { error: true, attempts: true } });
      expect(rows).toEqual(Array.from({ length: 3 }, () => ({ error: null, attempts: 1 })));
      expect(api.arrivals("/item")).toBe(3);
    } finally {
      proxy.restore();
      await api.close();
    }
  });

  it("without an outage, a failing step gets exactly its attempts", async () => {
    const api = await startFakeApi({ "/fails": { status: 503 } });
    try {
      const wf = await prepareWorkflow(t.db, engine, { steps: [httpStep("fails", `${api.url}/fails`, 2)] });
      const r = await wf.finish(await wf.start());
      expect(r.status).toBe("failed");
      expect(r.steps.fails).toMatchObject({ status: "failed", attempts: 2 });
      expect(api.arrivals("/fails")).toBe(2);
    } finally {
      await api.close();
    }
  });
});
