// The outbox through a Temporal outage: a webhook is accepted (202) while the Temporal server is
// down, its run kept in PostgreSQL; once the server is back, the worker's relay starts every such
// run, and each runs exactly once. Real processes: a Next.js server, a Temporal server of this
// test's own (stopped and started on its SQLite file), a worker, PostgreSQL and an HTTP sink.
import {
  seedWorkflow,
  startNextServer,
  startOwnTemporal,
  startSink,
  startTestWorker,
  uniqueTaskQueue,
  useTestDatabase,
  type RunningWorker,
} from "@switchyard/devstack/testing";
import { connectEngine, startRelay } from "@switchyard/workflows/worker";
import { expect, it, vi } from "vitest";

const t = useTestDatabase();
const WEBHOOKS = 200;
const quiet = { info() {}, warn() {}, error() {} };

it(`accepts ${WEBHOOKS} webhooks with 202 while Temporal is down, then runs each exactly once`, async () => {
  const temporal = await startOwnTemporal();
  const sink = await startSink();
  const taskQueue = uniqueTaskQueue("outbox-outage");
  const web = await startNextServer({
    DATABASE_URL: t.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: "default",
    TEMPORAL_TASK_QUEUE: taskQueue,
  });
  const wf = await seedWorkflow(t.db, {
    name: "Outage",
    trigger: { type: "webhook", rateLimit: { perSecond: 1000, burst: 1000 } },
    steps: [
      {
        id: "hit",
        uses: "http.request",
        with: { url: `${sink.url}/hit`, method: "POST", body: { n: "{{ trigger.body.n }}" } },
      },
    ],
  });
  const post = (n: number) =>
    fetch(`${web.url}/hooks/${wf.hookToken}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ n }),
    });
  let worker: RunningWorker | undefined;
  let stopRelay: (() => Promise<void>) | undefined;
  try {
    await temporal.stop();

    const answers: Response[] = [];
    for (let from = 0; from < WEBHOOKS; from += 20)
      answers.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => post(from + i)))));
    expect(answers.map((r) => r.status)).toEqual(Array<number>(WEBHOOKS).fill(202));
    const runIds = await Promise.all(answers.map(async (r) => ((await r.json()) as { runId: string }).runId));
    expect(new Set(runIds).size).toBe(WEBHOOKS);
    // Kept, none started: the outbox's backlog.
    expect(await t.db.run.count({ where: { workflowId: wf.workflowId, status: "queued", dispatchedAt: null } })).toBe(
      WEBHOOKS,
    );
    expect(sink.calls("/hit")).toHaveLength(0);

    await temporal.start();
    worker = await startTestWorker({ db: t.db, taskQueue, address: temporal.address });
    const engine = await connectEngine({ address: temporal.address, namespace: "default", taskQueue });
    stopRelay = startRelay(t.db, engine, quiet, { intervalMs: 250, graceMs: 0, batchSize: 100 });
    await vi.waitFor(
      async () =>
        expect(await t.db.run.count({ where: { workflowId: wf.workflowId, status: "succeeded" } })).toBe(WEBHOOKS),
      { timeout: 120_000, interval: 500 },
    );
    // Exactly once each: one call per webhook, each with its own step key, none repeated.
    const calls = sink.calls("/hit");
    expect(calls).toHaveLength(WEBHOOKS);
    expect(sink.effects("/hit")).toBe(WEBHOOKS);
    const ns = calls.map((c) => (JSON.parse(c.body) as { n: number }).n).sort((a, b) => a - b);
    expect(ns).toEqual(Array.from({ length: WEBHOOKS }, (_, i) => i));
    expect(await t.db.run.count({ where: { workflowId: wf.workflowId } })).toBe(WEBHOOKS);
  } finally {
    await stopRelay?.();
    await worker?.stop();
    await Promise.all([web.stop(), sink.close()]);
    await temporal.close();
  }
}, 240_000);
