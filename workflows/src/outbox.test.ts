import { seedRun, seedWorkflow, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { workflowIdForRun } from "./interpreter/contract";
import { relayPendingRuns } from "./outbox";

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
