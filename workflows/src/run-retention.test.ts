// Run retention on a real database: ended runs older than the retention go, oldest first and in
// batches, with what they own; what only links to them stays, unlinked; unfinished runs stay
// whatever their age. The clock is injected and every time is relative to it.
import { parseEnv } from "@switchyard/connectors";
import { seedRun, seedWorkflow, useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { retentionEnv } from "./retention-env";
import { deleteExpiredRuns, deleteItemsOfExpiredRuns, deleteRunlessEvents } from "./run-retention";
import { storeRunOnce } from "./runs";

const t = useTestDatabase();
const DAY = 86_400_000;

/** A clock `days` ahead of the real one, and times relative to it. */
function clockAhead(days: number) {
  const now = new Date(Date.now() + days * DAY);
  return { now, ago: (before: number) => new Date(now.getTime() - before * DAY) };
}

const seedOneStepWorkflow = (name: string) =>
  seedWorkflow(t.db, {
    name,
    trigger: { type: "webhook" },
    steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }],
  });

describe("deleteExpiredRuns", () => {
  it("deletes runs that ended before the retention, oldest first and in batches, with what they own", async () => {
    const { now, ago } = clockAhead(365);
    const seeded = await seedOneStepWorkflow("retained runs");
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
    // Events go in a sweep of their own.
    expect(await t.db.event.count({ where: { workflowId: seeded.workflowId } })).toBe(7);
  });
});

describe("deleteRunlessEvents", () => {
  it("deletes events received before the retention once no run of them is left, keeping an original while a replay of it stays", async () => {
    // The other test's events arrived just now: within the retention on this clock.
    const { now, ago } = clockAhead(80);
    const seeded = await seedOneStepWorkflow("retained events");
    const stored = async (receivedDaysAgo: number, dedupeKey?: string) => {
      const runId = await seedRun(t.db, seeded);
      const { eventId } = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
      await t.db.event.update({ where: { id: eventId! }, data: { receivedAt: ago(receivedDaysAgo), dedupeKey } });
      return { runId, eventId: eventId! };
    };
    const lost = await stored(100, "idem:lost");
    const original = await stored(99);
    const replay = await stored(98);
    await t.db.event.update({
      where: { id: replay.eventId },
      data: { source: "replay", replayOfId: original.eventId },
    });
    const kept = await stored(97);
    const young = await stored(10);
    // Their runs are gone (run retention), except the one of `kept`, still running after 97 days.
    await t.db.run.deleteMany({ where: { id: { in: [lost.runId, original.runId, replay.runId, young.runId] } } });

    // A repeat of a key whose runs are gone starts a run again, before the sweep came by.
    const repeat = await storeRunOnce(t.db, {
      ...seeded,
      version: { id: seeded.versionId, definition: {} },
      source: "webhook",
      event: { source: "webhook", payload: { body: "again" }, dedupeKey: "idem:lost" },
    });
    expect(repeat.duplicate).toBe(false);

    const sweep = () => deleteRunlessEvents(t.db, { retentionMs: 90 * DAY, batchSize: 10, now: () => now });
    const events = async () =>
      (await t.db.event.findMany({ where: { workflowId: seeded.workflowId }, select: { id: true } })).map((e) => e.id);
    // The lost event and the replay go; the original stays while its replay does, so it goes next time.
    expect(await sweep()).toBe(2);
    expect(await events()).toEqual(expect.arrayContaining([original.eventId, kept.eventId, young.eventId]));
    expect(await events()).not.toContain(lost.eventId);
    expect(await events()).not.toContain(replay.eventId);
    expect(await sweep()).toBe(1);
    expect(await events()).not.toContain(original.eventId);
    expect(await sweep()).toBe(0);
    // Kept: one with a run left, one received within the retention, and the repeat's.
    expect(await events()).toHaveLength(3);
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
