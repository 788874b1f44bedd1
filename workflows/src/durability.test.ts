// A worker process is killed with SIGKILL mid-run and another one takes over:
// the run completes without repeating finished steps, and each side effect
// lands once (the sink deduplicates by the idempotency key it receives).
import path from "node:path";
import {
  prepareWorkflow,
  spawnManaged,
  startSink,
  testTemporalConfig,
  uniqueTaskQueue,
  useTestDatabase,
  connectTestEngine,
  type Managed,
  type Sink,
  seedMember,
} from "@switchyard/devstack/testing";
import { env } from "@switchyard/devstack/env";
import { Worker } from "@temporalio/worker";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { queryRunState, workflowIdForRun, type EngineClient } from "./client";
import { decide } from "./engine/decide";

const t = useTestDatabase();
const taskQueue = uniqueTaskQueue("durability");
let sink: Sink;
let engine: EngineClient;
const workers: Managed[] = [];

function startWorkerProcess(): Managed {
  const temporal = testTemporalConfig(taskQueue);
  const proc = spawnManaged(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: {
      PATH: env.PATH,
      DATABASE_URL: t.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SWITCHYARD_RELAY_INTERVAL_MS: "600000",
      SWITCHYARD_SSRF_GUARD: "off",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  workers.push(proc);
  return proc;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  sink = await startSink();
  engine = await connectTestEngine(taskQueue);
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop(2_000)));
  await engine?.close();
  await sink?.close();
});

describe("durability", () => {
  it("survives SIGKILL of the worker mid-run; finished steps are not repeated; effects land once", async () => {
    for (const p of ["/s1", "/s2", "/s3", "/side"]) sink.on(p, { delayMs: 1_500 });
    const call = (id: string, needs: string[] = []) => ({
      id,
      uses: "http.request",
      needs,
      with: { url: `${sink.url}/${id}`, method: "POST", body: { id } },
    });
    const wf = await prepareWorkflow(t.db, engine, {
      name: "durable",
      steps: [call("s1"), call("s2", ["s1"]), call("s3", ["s2"]), call("side")],
    });

    const first = startWorkerProcess();
    const runId = await wf.start();
    // Kill while s2 is in flight: s1 and side have finished, s3 has not started.
    await waitFor(
      "s2 to start",
      async () =>
        (await t.db.stepRun.findUnique({ where: { runId_stepId: { runId, stepId: "s2" } } }))?.status === "running",
    );
    first.child.kill("SIGKILL");
    await first.exited;

    startWorkerProcess();
    const result = await wf.result(runId);
    expect(result.status).toBe("succeeded");

    expect(sink.calls("/s1")).toHaveLength(1);
    expect(sink.calls("/side")).toHaveLength(1);
    for (const p of ["/s1", "/s2", "/s3", "/side"]) expect(sink.effects(p)).toBe(1);
    const rows = await t.db.stepRun.findMany({ where: { runId } });
    expect(Object.fromEntries(rows.map((r) => [r.stepId, r.status]))).toEqual({
      s1: "succeeded",
      s2: "succeeded",
      s3: "succeeded",
      side: "succeeded",
    });
    expect(rows.find((r) => r.stepId === "s2")!.attempts).toBe(2);
  }, 120_000);

  it("a worker SIGKILLed while a checkpoint waits: the decision resumes the run on the next worker, once, and the history replays", async () => {
    const wf = await prepareWorkflow(t.db, engine, {
      name: "durable checkpoint",
      steps: [
        { id: "review", uses: "core.checkpoint", with: { title: "Go?" } },
        { id: "after", uses: "http.request", needs: ["review"], with: { url: `${sink.url}/after`, method: "POST" } },
      ],
    });
    const user = await seedMember(t.db, wf.seeded.workspaceId, `ana-${wf.seeded.workspaceId}@example.com`, "approver");
    const first = startWorkerProcess();
    const runId = await wf.start();
    await waitFor(
      "the checkpoint to wait",
      async () => (await queryRunState(engine, runId)).steps.review?.status === "waiting",
    );
    first.child.kill("SIGKILL");
    await first.exited;

    startWorkerProcess();
    const approval = await t.db.approval.findUniqueOrThrow({ where: { runId_stepId: { runId, stepId: "review" } } });
    const decided = await decide(
      { db: t.db, engineClient: async () => engine },
      {
        workspaceId: wf.seeded.workspaceId,
        approvalId: approval.id,
        actor: { email: user.email, role: "approver" },
        decision: "approve",
        channel: "api",
      },
    );
    expect(decided).toMatchObject({ kind: "decided", reply: { status: "approved" } });
    expect((await wf.result(runId)).status).toBe("succeeded");
    expect(sink.effects("/after")).toBe(1);
    const history = await engine.temporal.workflow.getHandle(workflowIdForRun(runId)).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject("workflowBundlePath") } }, history, runId);
  }, 120_000);
});
