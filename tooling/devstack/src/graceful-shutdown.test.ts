// A worker stopped with SIGTERM mid-step (as a deploy or a scale-in stops it): it stops polling, lets
// the running step finish, and exits; the run goes on on another worker, and no effect happens twice.
// A worker killed with SIGKILL under load (a crash, the OOM killer, a lost node) says no goodbye:
// what it held is Temporal's to hand to the others once its heartbeats stop; still every run ends
// succeeded, none is lost, and each effect happens once (the sink counts effects by idempotency key).
import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import {
  buildWorker,
  connectTestEngine,
  freePort,
  prepareWorkflow,
  scheduledQueues,
  startProduction,
  startSink,
  testTemporalConfig,
  uniqueTaskQueue,
  useTestDatabase,
} from "./testing";
import type { ProductionProcess, Sink, WorkerBuild } from "./testing";
import { workflowIdForRun, type EngineClient } from "@switchyard/workflows/worker";

const t = useTestDatabase();
const taskQueue = uniqueTaskQueue("graceful");
let build: WorkerBuild;
let sink: Sink;
let engine: EngineClient;
const workers: ProductionProcess[] = [];
/** The SIGKILL test's runs, and how many of them are started before the kill. */
const RUNS = 24;
const KILLED_AFTER = 8;

async function startWorker(grace = "60s", queues: Record<string, string> = {}): Promise<ProductionProcess> {
  const temporal = testTemporalConfig(taskQueue);
  const port = await freePort();
  const worker = await startProduction(
    "worker",
    {
      DATABASE_URL: t.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SWITCHYARD_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
      SWITCHYARD_PUBLIC_URL: "http://127.0.0.1:3000",
      SWITCHYARD_SSRF_GUARD: "off",
      SWITCHYARD_WORKER_HEALTH_PORT: String(port),
      SWITCHYARD_WORKER_SHUTDOWN_GRACE: grace,
      ...queues,
    },
    { build, readyUrl: `http://127.0.0.1:${port}/readyz` },
  );
  workers.push(worker);
  return worker;
}

async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  sink = await startSink();
  build = await buildWorker();
  engine = await connectTestEngine(taskQueue);
}, 120_000);

// Each test starts with no worker on the queue, so the first it starts takes the step.
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

afterAll(async () => {
  await Promise.all([engine?.close(), sink?.close()]);
  await build?.remove();
});

/** A promise the test settles: the sink holds a call open until then, however long the machine takes. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Whether the process is still running `ms` after now (a slow machine only makes it more likely). */
const stillRunningAfter = (p: ProductionProcess, ms: number) =>
  Promise.race([p.exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), ms))]);

describe("a worker stopped with SIGTERM", () => {
  const httpQueue = `${taskQueue}-http`;
  it.each<{ label: string; queues: Record<string, string>; served: string[]; stepQueue: string }>([
    { label: "its one queue", queues: {}, served: [taskQueue], stepQueue: taskQueue },
    {
      // By default a worker serves the default queue and every connector queue: one Worker each, drained together.
      label: "the default queue and http's own",
      queues: { SWITCHYARD_CONNECTOR_TASK_QUEUES: `http=${httpQueue}` },
      served: [taskQueue, httpQueue],
      stepQueue: httpQueue,
    },
  ])(
    "serving $label: finishes its running step, exits 0, and the run completes on another worker with nothing repeated",
    async ({ queues, served, stepQueue }) => {
      const [slow, after] = [`/slow-${served.length}`, `/after-${served.length}`];
      const held = gate();
      sink.on(slow, { until: held.opened });
      const a = await startWorker("60s", queues);
      expect(a.output()).toContain(`"taskQueues":${JSON.stringify(served)}`);
      const wf = await prepareWorkflow(t.db, engine, {
        steps: [
          { id: "slow", uses: "http.request", with: { url: `${sink.url}${slow}`, method: "POST" } },
          { id: "after", uses: "http.request", needs: ["slow"], with: { url: `${sink.url}${after}`, method: "POST" } },
        ],
      });
      const runId = await wf.start();
      // Only A polls, so the slow step is A's, and it is in flight.
      await until("the slow step to reach the sink", () => sink.received(slow) === 1);
      const b = await startWorker("60s", queues);

      // What an orchestrator does: SIGTERM to the process it started (the launcher), which passes it on.
      process.kill(a.child.pid!, "SIGTERM");
      // A waits for its step, held at the sink, within its 60 s grace.
      expect(await stillRunningAfter(a, 2_000)).toBe(true);
      held.open();
      expect(await a.exited).toBe(0);
      // The slow call had been answered before A was gone.
      expect(sink.calls(slow)).toHaveLength(1);

      const run = await wf.finish(runId);
      expect(run.status).toBe("succeeded");
      expect({ slow: sink.received(slow), after: sink.received(after) }).toEqual({ slow: 1, after: 1 });
      expect({ slow: sink.effects(slow), after: sink.effects(after) }).toEqual({ slow: 1, after: 1 });
      expect(run.steps.slow).toMatchObject({ status: "succeeded", attempts: 1 });
      expect(a.output()).toContain("worker stopped");
      expect(b.child.exitCode).toBeNull();
      // Where the steps ran, as the history has it.
      const stepQueues = (await scheduledQueues(engine, runId)).filter(([type]) => type === "executeStep");
      expect(stepQueues).toEqual([
        ["executeStep", stepQueue],
        ["executeStep", stepQueue],
      ]);
    },
  );

  it("past its grace, gives the step up to another worker, which repeats the call but not its effect", async () => {
    // The first call is held until the end, so it is still running when A's grace is over, however
    // long B takes to start; A's cancellation aborts it.
    let release!: () => void;
    sink.on("/stuck", [{ until: new Promise<void>((r) => (release = r)) }, {}]);
    onTestFinished(() => release());
    const a = await startWorker("500ms");
    const wf = await prepareWorkflow(t.db, engine, {
      steps: [{ id: "stuck", uses: "http.request", with: { url: `${sink.url}/stuck`, method: "POST" } }],
    });
    const runId = await wf.start();
    await until("the step to reach the sink", () => sink.received("/stuck") === 1);
    await startWorker();

    process.kill(a.child.pid!, "SIGTERM");
    // A cancels the step once its grace is over, and exits without waiting for the slow answer.
    expect(await a.exited).toBe(0);
    const run = await wf.finish(runId);
    expect(run.status).toBe("succeeded");
    expect(run.steps.stuck).toMatchObject({ status: "succeeded", attempts: 2 });
    expect(sink.received("/stuck")).toBe(2);
    // Delivered at least once, and each delivery under the step's one idempotency key: one effect.
    release();
    await until("the held call to be answered", () => sink.calls("/stuck").length === 2);
    expect(sink.effects("/stuck")).toBe(1);
  });
});

/** The process that runs a pending activity of the run, from the worker identity Temporal recorded (`<pid>@<host>`). */
async function pidRunningStepOf(runId: string): Promise<number | undefined> {
  const { raw } = await engine.temporal.workflow.getHandle(workflowIdForRun(runId)).describe();
  const identity = raw.pendingActivities?.find((a) => a.lastWorkerIdentity)?.lastWorkerIdentity;
  return identity ? Number(identity.split("@")[0]) : undefined;
}

const parentPid = async (pid: number) => {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
};

describe("a worker killed with SIGKILL", () => {
  it("mid-load, with a step in flight: every run ends succeeded, none lost, each effect once", async () => {
    // One run's step is held far past the heartbeat timeout, so the killed worker surely holds a step.
    sink.on("/hold", [{ delayMs: 60_000 }, {}]);
    for (const path of ["/a", "/b"]) sink.on(path, { delayMs: 200 });
    const post = (path: string) => ({ url: `${sink.url}${path}`, method: "POST" });
    const held = await prepareWorkflow(t.db, engine, {
      steps: [{ id: "hold", uses: "http.request", with: post("/hold") }],
    });
    const wf = await prepareWorkflow(t.db, engine, {
      steps: [
        { id: "a", uses: "http.request", with: post("/a") },
        { id: "b", uses: "http.request", with: post("/b") },
        { id: "join", uses: "http.request", needs: ["a", "b"], with: post("/join") },
      ],
    });
    await Promise.all([1, 2, 3, 4].map(() => startWorker()));
    const heldRun = await held.start();
    const runIds: string[] = [];
    const stream = async (count: number) => {
      for (let i = 0; i < count; i++) {
        runIds.push(await wf.start());
        await sleep(100);
      }
    };
    await stream(KILLED_AFTER);
    await until("the held step to reach the sink", () => sink.received("/hold") === 1);
    let pid: number | undefined;
    await until(
      "Temporal to name the worker running the held step",
      async () => !!(pid = await pidRunningStepOf(heldRun)),
    );
    // The worker process itself, beneath its launcher (scripts/start.js), as a crash would take it.
    const parent = await parentPid(pid!);
    const victim = workers.find((w) => w.child.pid === parent);
    expect(victim, "the process holding the step is one of the four workers").toBeDefined();
    process.kill(pid!, "SIGKILL");
    await stream(RUNS - KILLED_AFTER);

    const ended = await Promise.all([heldRun, ...runIds].map((id) => (id === heldRun ? held : wf).finish(id)));
    expect(ended.map((r) => r.status)).toEqual(ended.map(() => "succeeded"));
    expect(await t.db.run.count({ where: { workflowId: wf.seeded.workflowId, status: "succeeded" } })).toBe(RUNS);
    // Each step of each run once, by its idempotency key; the held call was delivered again, one effect.
    expect(["/a", "/b", "/join"].map((p) => sink.effects(p))).toEqual([RUNS, RUNS, RUNS]);
    expect({ calls: sink.received("/hold"), effects: sink.effects("/hold") }).toEqual({ calls: 2, effects: 1 });
    // Its launcher saw it die unasked and exited non-zero, for the process manager to start it again.
    expect(await victim!.exited).not.toBe(0);
  }, 240_000);
});
