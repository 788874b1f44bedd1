import { connectTestEngine, seedRun, seedWorkflow, startSink, startTestWorker, uniqueTaskQueue, useTestDatabase, type Sink } from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineClient } from "./client";
import { workflowIdForRun } from "./interpreter/contract";
import { relayPendingRuns } from "./outbox";

const t = useTestDatabase();
const taskQueue = uniqueTaskQueue("relay");
let sink: Sink;
let engine: EngineClient;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  sink = await startSink();
  engine = await connectTestEngine(taskQueue);
  stopWorker = (await startTestWorker({ db: t.db, taskQueue })).stop;
});
afterAll(async () => {
  await stopWorker?.();
  await engine?.close();
  await sink?.close();
});

describe("outbox relay", () => {
  it("starts runs stored while Temporal was unreachable, once, and leaves fresh ones to their request", async () => {
    const seeded = await seedWorkflow(t.db, {
      name: "relay",
      trigger: { type: "webhook" },
      steps: [{ id: "only", uses: "http.request", with: { url: `${sink.url}/relayed`, method: "POST" } }],
    });
    const stranded = await seedRun(t.db, seeded, { body: { n: 1 } });
    await t.db.run.update({ where: { id: stranded }, data: { createdAt: new Date(Date.now() - 60_000) } });
    const fresh = await seedRun(t.db, seeded);

    expect(await relayPendingRuns(t.db, engine, { graceMs: 10_000, batchSize: 10 })).toBe(1);
    const result = await engine.temporal.workflow.getHandle(workflowIdForRun(stranded)).result();
    expect(result.status).toBe("succeeded");

    const rows = await t.db.run.findMany({ where: { id: { in: [stranded, fresh] } } });
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[stranded]).toMatchObject({ status: "succeeded" });
    expect(byId[stranded]!.dispatchedAt).not.toBeNull();
    expect(byId[fresh]).toMatchObject({ status: "queued", dispatchedAt: null });

    // A second pass finds nothing: the run is dispatched, and starting it again would be a no-op anyway.
    expect(await relayPendingRuns(t.db, engine, { graceMs: 10_000, batchSize: 10 })).toBe(0);
    expect(sink.calls("/relayed")).toHaveLength(1);
  });
});
