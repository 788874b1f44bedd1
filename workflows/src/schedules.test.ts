// Schedule triggers end to end: Temporal Schedules on the dev server, a real worker and
// PostgreSQL. Each fire stores its event and a run; pause, overlap, backfill (across a DST
// change) and the worker's reconcile behave as the API promises.
import { randomBytes } from "node:crypto";
import { builtinRegistry, createHttpClient } from "@switchyard/connectors";
import { parseKeyRing, type Prisma } from "@switchyard/db";
import { seedWorkflow, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { MockActivityEnvironment } from "@temporalio/testing";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createAcceptFireActivities } from "./activities/accept-fire";
import { definitionSchema, type WorkflowDefinition } from "./definition/schema";
import type { EngineDeps } from "./engine/deps";
import {
  backfillWorkflowSchedule,
  describeWorkflowSchedule,
  fireWorkflowScheduleNow,
  pauseWorkflowSchedule,
} from "./engine/schedules";
import { syncTriggers } from "./engine/sync-triggers";
import { scheduleIdFor, type FireOutcome, type ScheduleEventPayload } from "./interpreter/contract";
import { fireTimesBetween, reconcileSchedules, removeSchedule, scheduleState } from "./schedules";

const t = useTestDatabase();
const h = useEngine(t, "schedule");
const quiet = { info() {}, warn() {}, error() {} };
const deps = (): EngineDeps => ({
  db: t.db,
  logger: quiet,
  engineClient: async () => h.engine,
  publicUrl: "http://127.0.0.1:3000",
  registry: builtinRegistry,
  http: createHttpClient({ ssrf: { enabled: false, allowHosts: [] } }),
  keyRing: parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64") }),
  baseUrls: {},
});

const created: string[] = [];
afterAll(async () => {
  for (const id of created) await removeSchedule(h.engine, id);
});

let n = 0;
/** A workflow with this schedule trigger, enabled and synced as a save would. */
async function scheduled(trigger: Record<string, unknown>, steps?: unknown[]) {
  const seeded = await seedWorkflow(
    t.db,
    {
      name: "Tick",
      trigger: { type: "schedule", ...trigger },
      steps: steps ?? [{ id: "stamp", uses: "core.transform", with: { value: "{{ trigger.scheduledAt }}" } }],
    },
    `tick-${++n}`,
  );
  created.push(seeded.workflowId);
  expect(await syncTriggers(deps(), seeded.workflowId)).toEqual({ status: "synced" });
  return seeded.workflowId;
}

async function firesOf(workflowId: string) {
  const events = await t.db.event.findMany({
    where: { workflowId, source: "schedule" },
    orderBy: { receivedAt: "asc" },
    select: {
      payload: true,
      runs: { select: { id: true, source: true, status: true, startedAt: true, endedAt: true } },
    },
  });
  return events.map((e) => ({ ...(e.payload as unknown as ScheduleEventPayload), run: e.runs[0] }));
}

describe("schedule triggers", () => {
  it("fires at its interval, each fire an event with its scheduled and actual time and a run; pause holds it, resume releases it", async () => {
    const id = await scheduled({ every: "2s" });
    await vi.waitFor(
      async () =>
        expect((await firesOf(id)).filter((f) => f.run?.status === "succeeded").length).toBeGreaterThanOrEqual(2),
      { timeout: 20_000, interval: 250 },
    );
    for (const fire of await firesOf(id)) {
      // An interval schedule fires on its multiples since the epoch.
      expect(Date.parse(fire.scheduledAt) % 2_000).toBe(0);
      expect(Date.parse(fire.firedAt)).toBeGreaterThanOrEqual(Date.parse(fire.scheduledAt));
      expect(fire.run).toMatchObject({ source: "schedule" });
    }
    const step = await t.db.stepRun.findFirstOrThrow({ where: { run: { workflowId: id }, stepId: "stamp" } });
    expect(typeof step.output).toBe("string");

    await pauseWorkflowSchedule(deps(), id, true);
    expect(await describeWorkflowSchedule(deps(), id)).toMatchObject({ paused: true, nextFires: [], temporal: "ok" });
    expect((await scheduleState(h.engine, id))?.paused).toBe(true);
    const heldAt = (await firesOf(id)).length;
    await new Promise((r) => setTimeout(r, 5_000));
    expect((await firesOf(id)).length).toBe(heldAt);

    await pauseWorkflowSchedule(deps(), id, false);
    const view = await describeWorkflowSchedule(deps(), id);
    expect(view).toMatchObject({ paused: false, temporal: "ok" });
    expect(view.nextFires).toHaveLength(5);
    expect(view.lastFire).toMatchObject({ status: "succeeded" });
    await vi.waitFor(async () => expect((await firesOf(id)).length).toBeGreaterThan(heldAt), { timeout: 10_000 });
    await pauseWorkflowSchedule(deps(), id, true);
  }, 60_000);

  it("skips a fire while the previous run still runs (overlap skip), so runs never overlap", async () => {
    const id = await scheduled({ every: "1s" }, [{ id: "slow", uses: "core.delay", with: { duration: "3s" } }]);
    await vi.waitFor(
      async () =>
        expect((await firesOf(id)).filter((f) => f.run?.status === "succeeded").length).toBeGreaterThanOrEqual(2),
      { timeout: 30_000, interval: 500 },
    );
    await pauseWorkflowSchedule(deps(), id, true);
    const runs = (await firesOf(id)).map((f) => f.run!).filter((r) => r.endedAt);
    for (let i = 1; i < runs.length; i++)
      expect(runs[i]!.startedAt!.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.endedAt!.getTime());
    expect((await describeWorkflowSchedule(deps(), id)).skippedByOverlap).toBeGreaterThan(0);
  }, 60_000);

  it("backfills a window across a DST change at 9:30 local time each day, each run with its scheduled time", async () => {
    // New York moved to summer time on Sunday 2026-03-08: 9:30 is 14:30 UTC before, 13:30 after.
    const id = await scheduled({ cron: "30 9 * * *", timezone: "America/New_York" });
    const from = new Date("2026-03-06T12:00:00Z");
    const to = new Date("2026-03-09T20:00:00Z");
    expect(await backfillWorkflowSchedule(deps(), id, from, to)).toEqual({ fires: 4, started: 4 });
    // A retried request stores nothing twice.
    expect(await backfillWorkflowSchedule(deps(), id, from, to)).toEqual({ fires: 4, started: 0 });
    await vi.waitFor(
      async () => expect((await firesOf(id)).filter((f) => f.run?.status === "succeeded")).toHaveLength(4),
      { timeout: 30_000, interval: 250 },
    );
    expect((await firesOf(id)).map((f) => f.scheduledAt).sort()).toEqual([
      "2026-03-06T14:30:00.000Z",
      "2026-03-07T14:30:00.000Z",
      "2026-03-08T13:30:00.000Z",
      "2026-03-09T13:30:00.000Z",
    ]);
  }, 60_000);

  it("refuses a backfill of more than 1,000 fires, of an empty window, or of a paused schedule, and runs nothing", async () => {
    const id = await scheduled({ cron: "*/10 * * * *" });
    const from = new Date("2026-01-01T00:00:00Z");
    const fires = (minutes: number) => new Date(from.getTime() + minutes * 60_000);
    // A fire every 10 minutes: 00:00 through 6 days 22 h 30 min later are 1,000 of them (Temporal's page).
    expect(await fireTimesBetween(h.engine, id, fires(-1), fires(9_990), 1_000)).toHaveLength(1_000);
    expect(await fireTimesBetween(h.engine, id, fires(-1), fires(10_000), 1_000)).toHaveLength(1_001);
    await expect(backfillWorkflowSchedule(deps(), id, fires(-1), fires(10_000))).rejects.toMatchObject({
      code: "window_too_large",
      message: "the window holds more than 1000 fires; backfill at most 1000 at once",
    });
    await expect(backfillWorkflowSchedule(deps(), id, from, from)).rejects.toMatchObject({ code: "invalid_window" });
    await expect(backfillWorkflowSchedule(deps(), id, from, new Date(Date.now() + 60_000))).rejects.toMatchObject({
      code: "invalid_window",
      message: "to is in the future; the schedule fires then on its own",
    });
    await pauseWorkflowSchedule(deps(), id, true);
    await expect(backfillWorkflowSchedule(deps(), id, from, fires(60))).rejects.toMatchObject({ code: "paused" });
    // (The schedule itself may have fired meanwhile, at a ten-minute mark.)
    expect((await firesOf(id)).filter((f) => f.backfill)).toEqual([]);
  });

  it("stores a retried fire's run once, and a paused or disabled workflow's fire not at all", async () => {
    const id = await scheduled({ cron: "0 0 1 1 *" });
    const { acceptScheduledFire } = createAcceptFireActivities({ db: t.db, logger: quiet });
    const fire = {
      workflowId: id,
      scheduledAt: "2026-01-01T00:00:00.000Z",
      fireId: `fire-${randomBytes(4).toString("hex")}`,
    };
    const accept = () => new MockActivityEnvironment().run(acceptScheduledFire, fire) as Promise<FireOutcome>;
    const first = await accept();
    expect(first).toMatchObject({ start: { runId: expect.any(String) } });
    expect(await accept()).toEqual(first);
    expect(await t.db.run.count({ where: { workflowId: id } })).toBe(1);

    await t.db.workflow.update({ where: { id }, data: { schedulePaused: true } });
    expect(await accept()).toEqual({ skipped: "the schedule is paused" });
    await t.db.workflow.update({ where: { id }, data: { schedulePaused: false, enabled: false } });
    expect(await new MockActivityEnvironment().run(acceptScheduledFire, { ...fire, fireId: "another" })).toEqual({
      skipped: "the workflow is disabled",
    });
    expect(await t.db.run.count({ where: { workflowId: id } })).toBe(1);
  });

  it("fires once now on request, outside its times", async () => {
    const id = await scheduled({ cron: "0 0 1 1 *" });
    const { runId } = await fireWorkflowScheduleNow(deps(), id, null);
    await vi.waitFor(
      async () => expect((await firesOf(id))[0]?.run).toMatchObject({ id: runId, status: "succeeded" }),
      {
        timeout: 15_000,
      },
    );
    expect((await firesOf(id))[0]).toMatchObject({ manual: true });
  });

  it("follows the workflow: disabling removes the schedule, and enabling puts it back", async () => {
    const id = await scheduled({ cron: "0 0 1 1 *" });
    expect(await scheduleState(h.engine, id)).toBeDefined();
    await t.db.workflow.update({ where: { id }, data: { enabled: false } });
    await syncTriggers(deps(), id);
    expect(await scheduleState(h.engine, id)).toBeUndefined();
    await t.db.workflow.update({ where: { id }, data: { enabled: true } });
    await syncTriggers(deps(), id);
    expect((await scheduleState(h.engine, id))?.nextFires[0]?.toISOString()).toMatch(/-01-01T00:00:00\.000Z$/);
  });

  it("puts back a schedule Temporal lost when it is resumed (saved while Temporal was away)", async () => {
    const id = await scheduled({ cron: "0 0 1 1 *" });
    await pauseWorkflowSchedule(deps(), id, true);
    await removeSchedule(h.engine, id);
    await pauseWorkflowSchedule(deps(), id, false);
    expect(await scheduleState(h.engine, id)).toMatchObject({ paused: false });
  });

  it("follows a save: a new cron and time zone update the schedule, and another trigger removes it", async () => {
    const id = await scheduled({ cron: "0 0 1 1 *" });
    const save = async (trigger: Record<string, unknown>, version: number) => {
      const previous = await t.db.workflowVersion.findFirstOrThrow({
        where: { workflowId: id },
        orderBy: { version: "desc" },
      });
      const definition = definitionSchema.parse({ ...(previous.definition as object), trigger });
      await t.db.workflowVersion.create({
        data: { workflowId: id, version, definition: definition as Prisma.InputJsonObject },
      });
      return syncTriggers(deps(), id, previous.definition as WorkflowDefinition);
    };
    expect(
      await save({ type: "schedule", cron: "0 12 * * *", timezone: "Asia/Tokyo", overlap: "allow_all" }, 2),
    ).toEqual({
      status: "synced",
    });
    const d = await h.engine.temporal.schedule.getHandle(scheduleIdFor(id)).describe();
    expect(d.spec.timezone).toBe("Asia/Tokyo");
    expect(d.policies.overlap).toBe("ALLOW_ALL");
    // Noon in Tokyo is 03:00 UTC, every day.
    for (const fire of d.info.nextActionTimes) expect(fire.toISOString()).toMatch(/T03:00:00\.000Z$/);
    expect(await save({ type: "manual" }, 3)).toEqual({ status: "synced" });
    expect(await scheduleState(h.engine, id)).toBeUndefined();
  });

  it("reconciles at worker start: creates missing schedules and removes this installation's orphans only", async () => {
    const seeded = await seedWorkflow(
      t.db,
      {
        name: "Unsynced",
        trigger: { type: "schedule", cron: "0 0 1 1 *" },
        steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }],
      },
      "unsynced",
    );
    created.push(seeded.workflowId, "orphan-ours", "orphan-theirs");
    const orphan = (id: string, taskQueue: string) =>
      h.engine.temporal.schedule.create({
        scheduleId: scheduleIdFor(id),
        spec: { cronExpressions: ["0 0 1 1 *"] },
        action: { type: "startWorkflow", workflowType: "scheduledFire", args: [{ workflowId: id }], taskQueue },
        memo: { taskQueue },
      });
    await orphan("orphan-ours", h.engine.taskQueue);
    await orphan("orphan-theirs", `${h.engine.taskQueue}-other`);
    // Listing schedules reads Temporal's visibility store, which catches up shortly after a create.
    await vi.waitFor(
      async () => {
        await reconcileSchedules(t.db, h.engine, quiet);
        expect(await scheduleState(h.engine, "orphan-ours")).toBeUndefined();
      },
      { timeout: 20_000, interval: 1_000 },
    );
    expect(await scheduleState(h.engine, seeded.workflowId)).toBeDefined();
    expect(await scheduleState(h.engine, "orphan-theirs")).toBeDefined();
  }, 30_000);
});
