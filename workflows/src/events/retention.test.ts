// Event retention on a real database: old bodies go in bounded batches, rows and sizes stay,
// and an event whose run has not ended keeps its body. The clock is injected.
import { seedWorkflow, useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { storeRun, type NewEvent } from "../runs";
import { removeExpiredEventBodies } from "./retention";

const t = useTestDatabase();
const DAY = 86_400_000;

describe("removeExpiredEventBodies", () => {
  it("removes bodies past the retention, oldest first and in batches, keeping each row, its size and its runs", async () => {
    const seeded = await seedWorkflow(t.db, {
      name: "retained",
      trigger: { type: "webhook" },
      steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }],
    });
    const version = { id: seeded.versionId, definition: {} };
    const store = async (event: NewEvent) => {
      const { runId } = await storeRun(t.db, { ...seeded, version, source: "webhook", event });
      return t.db.run.update({
        where: { id: runId },
        data: { status: "succeeded" },
        select: { id: true, eventId: true },
      });
    };
    const hook = await store({
      source: "webhook",
      payload: { method: "POST", headers: { "x-request-id": "r1" }, query: { a: "1" }, body: "hello wörld" },
    });
    const item = await store({ source: "github.onPush", payload: { ref: "main", body: "not the body: the item is" } });
    const replay = await store({
      source: "replay",
      payload: { method: "POST", body: { n: 1 } },
      replayOfId: hook.eventId!,
    });
    const pending = await storeRun(t.db, {
      ...seeded,
      version,
      source: "webhook",
      event: { source: "webhook", payload: { body: "wait" } },
    });

    // Received one after another, a second apart: "oldest first" must not rest on the clock's ticks.
    const base = Date.now();
    for (const [i, id] of [hook.eventId!, item.eventId!, replay.eventId!].entries())
      await t.db.event.update({ where: { id }, data: { receivedAt: new Date(base - (3 - i) * 1_000) } });
    const now = new Date(Date.now() + 31 * DAY);
    const sweep = (batchSize: number, at = now) =>
      removeExpiredEventBodies(t.db, { retentionMs: 30 * DAY, batchSize, now: () => at });
    expect(await sweep(10, new Date(Date.now() + 29 * DAY))).toBe(0);
    expect(await sweep(2)).toBe(2);
    const newest = await t.db.event.findUniqueOrThrow({ where: { id: replay.eventId! } });
    expect(newest.bodyDeletedAt).toBeNull();
    expect(await sweep(2)).toBe(1);
    expect(await sweep(2)).toBe(0);

    const events = await t.db.event.findMany({ where: { workflowId: seeded.workflowId } });
    const byId = new Map(events.map((e) => [e.id, e]));
    expect(byId.get(hook.eventId!)).toMatchObject({
      payload: { method: "POST", headers: { "x-request-id": "r1" }, query: { a: "1" } },
      bodyBytes: Buffer.byteLength("hello wörld"),
      bodyDeletedAt: now,
    });
    expect(byId.get(item.eventId!)).toMatchObject({
      payload: {},
      // An app trigger's item is its body, measured as Postgres writes JSON.
      bodyBytes: '{"ref": "main", "body": "not the body: the item is"}'.length,
    });
    // A replay has its original's shape: the body inside the envelope.
    expect(byId.get(replay.eventId!)).toMatchObject({ payload: { method: "POST" }, bodyBytes: '{"n": 1}'.length });
    const kept = await t.db.run.findUniqueOrThrow({ where: { id: pending.runId }, select: { event: true } });
    expect(kept.event).toMatchObject({ payload: { body: "wait" }, bodyDeletedAt: null, bodyBytes: null });
    expect(await t.db.run.count({ where: { id: { in: [hook.id, item.id, replay.id] }, eventId: null } })).toBe(0);
  });
});
