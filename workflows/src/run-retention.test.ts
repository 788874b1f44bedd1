// Run retention on a real database: ended runs older than the retention go, oldest first and in
// batches, with what they own; what only links to them stays, unlinked; unfinished runs stay
// whatever their age. The clock is injected and every time is relative to it.
import { parseEnv } from "@switchyard/connectors";
import { seedRun, seedWorkflow, useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { retentionEnv } from "./retention-env";
import { deleteExpiredRuns, deleteItemsOfExpiredRuns } from "./run-retention";
import { storeRunOnce } from "./runs";

const t = useTestDatabase();
const DAY = 86_400_000;

describe("deleteExpiredRuns", () => {
  it("deletes runs that ended before the retention, oldest first and in batches, with what they own and their last event", async () => {
    const now = new Date(Date.now() + 365 * DAY);
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    const seeded = await seedWorkflow(t.db, {
      name: "retained runs",
      trigger: { type: "webhook" },
      steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }],
    });
    const run = async (status: "succeeded" | "failed" | "cancelled" | "running" | "queued", endedDaysAgo?: number) => {
      const id = await seedRun(t.db, seeded);
      await t.db.run.update({
        where: { id },
        data: { status, createdAt: ago(400), endedAt: endedDaysAgo === undefined ? null : ago(endedDaysAgo) },
      });
      return id;
    };
    // Ended 100, 95 and 91 days ago: past a 90-day retention. The oldest owns one of everything.
    const oldest = await run("failed", 100);
    const older = await run("cancelled", 95);
    const old = await run("succeeded", 91);
    const recent = await run("succeeded", 89);
    // Unfinished runs stay, however long ago they started: a checkpoint may wait for months.
    const waiting = await run("running");
    const queued = await run("queued");
    const rerun = await run("succeeded", 1);
    await t.db.run.update({ where: { id: rerun }, data: { rerunOfId: oldest } });

    await t.db.stepRun.create({ data: { runId: oldest, stepId: "a", status: "failed" } });
    await t.db.stepItem.createMany({
      data: Array.from({ length: 25 }, (_, index) => ({ runId: oldest, stepId: "a", index, output: { n: index } })),
    });
    await t.db.runResponse.create({ data: { runId: oldest, stepId: "a", status: 200, headers: {} } });
    const approval = await t.db.approval.create({
      data: {
        workspaceId: seeded.workspaceId,
        runId: oldest,
        stepId: "a",
        kind: "approval",
        title: "Ship it?",
        preview: {},
        editable: {},
        form: {},
        approvers: [],
        quorum: 1,
        allowSelfApproval: false,
        status: "rejected",
        onTimeout: "reject",
        expiresAt: ago(99),
      },
    });
    await t.db.approvalDecision.create({
      data: {
        approvalId: approval.id,
        actor: "ana@example.com",
        decision: "reject",
        channel: "web",
        decidedAt: ago(100),
      },
    });
    const alert = await t.db.alert.create({
      data: {
        workspaceId: seeded.workspaceId,
        runId: oldest,
        kind: "run_failed",
        title: "Run failed",
        message: "a failed",
      },
    });
    await t.db.stepRun.create({ data: { runId: recent, stepId: "a", status: "succeeded" } });

    // Events: the older run's goes with it (its idempotency key too); the old run's, which a kept
    // run also started from, stays.
    const eventOf = async (id: string) => (await t.db.run.findUniqueOrThrow({ where: { id } })).eventId!;
    await t.db.event.update({ where: { id: await eventOf(older) }, data: { dedupeKey: "idem:older" } });
    const oldEvent = await eventOf(old);
    await t.db.event.update({ where: { id: oldEvent }, data: { dedupeKey: "idem:old" } });
    await t.db.run.update({ where: { id: recent }, data: { eventId: oldEvent } });

    // A fan-out's items go first, a bounded number per statement.
    const cutoff = ago(90);
    expect(await deleteItemsOfExpiredRuns(t.db, cutoff, 200, 10)).toBe(10);
    expect(await t.db.stepItem.count({ where: { runId: oldest } })).toBe(15);
    const sweep = (batchSize: number) =>
      deleteExpiredRuns(t.db, { retentionMs: 90 * DAY, batchSize, itemsPerStatement: 10, now: () => now });
    expect(await sweep(2)).toBe(2);
    const left = async () =>
      (await t.db.run.findMany({ where: { workflowId: seeded.workflowId }, select: { id: true } })).map((r) => r.id);
    expect(await left()).not.toContain(oldest);
    expect(await left()).not.toContain(older);
    expect(await left()).toContain(old);
    expect(await sweep(2)).toBe(1);
    expect(await sweep(2)).toBe(0);
    expect((await left()).sort()).toEqual([recent, waiting, queued, rerun].sort());

    // What the oldest owned went with it; what only pointed at it stays, unlinked.
    expect(await t.db.stepRun.count({ where: { runId: oldest } })).toBe(0);
    expect(await t.db.stepItem.count({ where: { runId: oldest } })).toBe(0);
    expect(await t.db.runResponse.count({ where: { runId: oldest } })).toBe(0);
    expect(await t.db.approvalDecision.count({ where: { approvalId: approval.id } })).toBe(0);
    expect(await t.db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ runId: null });
    expect(await t.db.run.findUniqueOrThrow({ where: { id: rerun } })).toMatchObject({ rerunOfId: null });
    expect(await t.db.stepRun.count({ where: { runId: recent } })).toBe(1);
    expect(await t.db.event.count({ where: { workflowId: seeded.workflowId } })).toBe(5);
    expect(await t.db.event.count({ where: { workflowId: seeded.workflowId, dedupeKey: "idem:older" } })).toBe(0);
    expect(await t.db.run.findUniqueOrThrow({ where: { id: recent } })).toMatchObject({ eventId: oldEvent });
    expect(await t.db.event.count({ where: { id: oldEvent, dedupeKey: "idem:old" } })).toBe(1);

    // A repeat of the deleted run's key starts a run again: there is no first run left to answer.
    const repeat = await storeRunOnce(t.db, {
      ...seeded,
      version: { id: seeded.versionId, definition: {} },
      source: "webhook",
      event: { source: "webhook", payload: { body: "again" }, dedupeKey: "idem:older" },
    });
    expect(repeat.duplicate).toBe(false);
    expect(await left()).toContain(repeat.start.runId);
  });
});

describe("SWITCHYARD_RUN_RETENTION", () => {
  const parse = (value?: string) =>
    parseEnv(retentionEnv, value === undefined ? {} : { SWITCHYARD_RUN_RETENTION: value }).SWITCHYARD_RUN_RETENTION;

  it("keeps 90 days by default, takes hours or days down to one day, and nothing with off", () => {
    expect(parse()).toBe(90 * DAY);
    expect(parse("400d")).toBe(400 * DAY);
    expect(parse("36h")).toBe(1.5 * DAY);
    expect(parse("off")).toBeUndefined();
    expect(() => parse("12h")).toThrow("SWITCHYARD_RUN_RETENTION: must be at least 1d");
    expect(() => parse("999999999d")).toThrow("SWITCHYARD_RUN_RETENTION: must be at most 36500d");
    // Events' bodies share the format, down to an hour.
    expect(parseEnv(retentionEnv, {}).SWITCHYARD_EVENT_RETENTION).toBe(30 * DAY);
    expect(() => parseEnv(retentionEnv, { SWITCHYARD_EVENT_RETENTION: "0h" })).toThrow(
      "SWITCHYARD_EVENT_RETENTION: must be at least 1h",
    );
    expect(() => parse("3 months")).toThrow(
      'SWITCHYARD_RUN_RETENTION: must be hours or days, e.g. "30d" or "12h", or "off"',
    );
  });
});
