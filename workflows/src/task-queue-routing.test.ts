// Per-connector task queues: a connector with a queue of its own has its steps run there, by the
// workers serving that queue, so a slow API's backlog waits there while other connectors' steps go on.
import { randomBytes } from "node:crypto";
import { createConnection, parseKeyRing } from "@switchyard/db";
import {
  connectTestEngine,
  prepareWorkflow,
  scheduledQueues,
  startSink,
  startTestWorker,
  uniqueTaskQueue,
  useTestDatabase,
  type RunningWorker,
  type Sink,
} from "@switchyard/devstack/testing";
import { Worker } from "@temporalio/worker";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { workflowIdForRun, type EngineClient } from "./client";
import { unpolledQueues } from "./queue-watch";

const t = useTestDatabase();
const ring = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
const defaultQueue = uniqueTaskQueue("routing");
const httpQueue = `${defaultQueue}-http`;
let sink: Sink;
let engine: EngineClient;
const workers: RunningWorker[] = [];

beforeAll(async () => {
  sink = await startSink();
  engine = await connectTestEngine(defaultQueue);
  // The default queue's worker runs the workflows and every connector without a queue (slack here).
  workers.push(
    await startTestWorker({
      db: t.db,
      taskQueue: defaultQueue,
      connectorQueues: { http: httpQueue },
      keyRing: ring,
      baseUrls: { slack: `${sink.url}/api/` },
    }),
  );
  // http's own queue: one step at a time, as for a rate-limited API.
  workers.push(await startTestWorker({ db: t.db, taskQueue: httpQueue, activitiesOnly: true, activityConcurrency: 1 }));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await engine?.close();
  await sink?.close();
});

describe("a connector with a task queue of its own", () => {
  it("runs its steps on that queue, whose backlog does not hold up other connectors' steps", async () => {
    let release!: () => void;
    sink.on("/slow", { until: new Promise<void>((r) => (release = r)) });
    sink.on("/api/chat.postMessage", { body: { ok: true, channel: "C1", ts: "1700000000.000100" } });
    const slow = await prepareWorkflow(t.db, engine, {
      steps: [{ id: "call", uses: "http.request", with: { url: `${sink.url}/slow`, method: "POST" } }],
    });
    const fast = await prepareWorkflow(t.db, engine, {
      steps: [{ id: "post", uses: "slack.postMessage", connection: "team", with: { channel: "C1", text: "hi" } }],
    });
    try {
      const slowRuns = [await slow.start(), await slow.start()];
      // The queue's one slot holds the first call open; the second waits in the queue's backlog.
      const deadline = Date.now() + 60_000;
      while (sink.received("/slow") < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(sink.received("/slow")).toBe(1);

      const fastRun = await fast.finish(
        await fast.start({
          beforeDispatch: (workspaceId) =>
            createConnection(t.db, ring, {
              workspaceId,
              name: "team",
              connector: "slack",
              authKind: "oauth2",
              secrets: { accessToken: "xoxb-test" },
            }),
        }),
      );
      expect(fastRun.status).toBe("succeeded");
      // Done while the slow API still holds the first call, and the second has not reached it.
      expect({ received: sink.received("/slow"), answered: sink.calls("/slow").length }).toEqual({
        received: 1,
        answered: 0,
      });

      release();
      const finished = await Promise.all(slowRuns.map((id) => slow.finish(id)));
      expect(finished.map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
      expect(sink.calls("/slow")).toHaveLength(2);

      // The history says where each activity went: http's step to its queue, the rest to the run's.
      expect(await scheduledQueues(engine, slowRuns[0]!)).toEqual([
        ["executeStep", httpQueue],
        ["finishRun", defaultQueue],
      ]);
      expect(await scheduledQueues(engine, fastRun.runId)).toEqual([
        ["executeStep", defaultQueue],
        ["finishRun", defaultQueue],
      ]);
    } finally {
      release?.();
    }
  });

  it("runs a forEach's batches on that queue too", async () => {
    sink.on("/item", {});
    const wf = await prepareWorkflow(t.db, engine, {
      steps: [
        {
          id: "each",
          uses: "http.request",
          forEach: "{{ [1, 2, 3] }}",
          with: { url: `${sink.url}/item`, method: "POST" },
        },
      ],
    });
    const run = await wf.finish(await wf.start());
    expect(run.status).toBe("succeeded");
    expect(sink.calls("/item")).toHaveLength(3);
    const batches = (await scheduledQueues(engine, run.runId)).filter(([type]) => type === "executeBatch");
    expect(batches.length).toBeGreaterThan(0);
    expect(new Set(batches.map(([, queue]) => queue))).toEqual(new Set([httpQueue]));
  });

  it("is told apart from a queue no worker polls, whose steps would wait", async () => {
    const nobody = `${defaultQueue}-nobody`;
    const connectorQueues = { http: httpQueue, github: nobody, slack: nobody };
    expect(await unpolledQueues(engine, { connectorQueues })).toEqual([
      { taskQueue: nobody, connectors: ["github", "slack"] },
    ]);
  });

  // Last: the routing came from beginRun's answer, recorded in each history, so the histories replay as they ran.
  it("replays its runs' histories without nondeterminism", async () => {
    const runs = await t.db.run.findMany({ select: { id: true } });
    const histories = await Promise.all(
      runs.map(async ({ id }) => ({
        workflowId: workflowIdForRun(id),
        history: await engine.temporal.workflow.getHandle(workflowIdForRun(id)).fetchHistory(),
      })),
    );
    const errors = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: inject("workflowBundlePath") } },
      histories,
    ))
      errors.push(result.error?.message);
    expect(errors).toEqual([undefined, undefined, undefined, undefined]);
  });
});
