// The schedule API's refusals and its outage behaviour, on a real database with Temporal out of
// reach (the engine's own test, workflows/src/schedules.test.ts, runs schedules on Temporal).
import { useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { backfillSchedule, fireScheduleNow, getSchedule, setSchedulePaused } from "./schedules";
import { editorOfNewWorkspace, transformFlow, workflowTestServices } from "./workflow-test-kit";
import { applyWorkflow } from "./workflows";

const t = useTestDatabase();
// The database is ready only once the tests run.
const services = () => workflowTestServices(t.db);

const nightly = (trigger: Record<string, unknown> = { cron: "0 3 * * *", timezone: "Europe/Paris" }) => ({
  ...transformFlow("Nightly"),
  trigger: { type: "schedule", ...trigger },
});

async function workspaceWithNightly(slug: string) {
  const caller = await editorOfNewWorkspace(t.db, slug);
  await applyWorkflow(services(), caller, "nightly", nightly());
  return caller;
}

describe("schedule API", () => {
  it("refuses a schedule firing more often than the installation allows, naming the field", async () => {
    const caller = await editorOfNewWorkspace(t.db, "sched-fast");
    await expect(applyWorkflow(services(), caller, "fast", nightly({ every: "2s" }))).rejects.toMatchObject({
      status: 400,
      code: "invalid_definition",
      message: expect.stringContaining("$.trigger.every: schedules fire at most every 10s"),
    });
    expect(await t.db.workflow.count({ where: { workspaceId: caller.workspaceId } })).toBe(0);
  });

  it("saves a schedule while Temporal is away, and says so when asked about it", async () => {
    const caller = await workspaceWithNightly("sched-away");
    expect(await getSchedule(services(), caller, "nightly")).toEqual({
      enabled: true,
      paused: false,
      nextFires: [],
      lastFire: null,
      skippedByOverlap: 0,
      missedCatchup: 0,
      temporal: "unreachable",
    });
  });

  it("holds a schedule even while Temporal is away; releasing it needs Temporal and answers 503", async () => {
    const caller = await workspaceWithNightly("sched-hold");
    expect(await setSchedulePaused(services(), caller, "nightly", true)).toMatchObject({ paused: true });
    const held = () => t.db.workflow.findFirstOrThrow({ where: { workspaceId: caller.workspaceId } });
    expect((await held()).schedulePaused).toBe(true);
    await expect(setSchedulePaused(services(), caller, "nightly", false)).rejects.toMatchObject({
      status: 503,
      code: "engine_unavailable",
    });
    // Released in the database: the worker tells Temporal when it next starts.
    expect((await held()).schedulePaused).toBe(false);
  });

  it("refuses a backfill with a bad window by its field, and one on a workflow that is not scheduled", async () => {
    const caller = await workspaceWithNightly("sched-window");
    await expect(
      backfillSchedule(services(), caller, "nightly", { from: "yesterday", to: "2026-03-01T00:00:00Z" }),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("from: from must be an ISO 8601 time"),
    });
    await expect(
      backfillSchedule(services(), caller, "nightly", { from: "2026-03-02T00:00:00Z", to: "2026-03-01T00:00:00Z" }),
    ).rejects.toMatchObject({ status: 400, code: "invalid_window", message: "From must be before to." });
    await applyWorkflow(services(), caller, "hooked", transformFlow("Hooked"));
    await expect(getSchedule(services(), caller, "hooked")).rejects.toMatchObject({
      status: 409,
      code: "not_scheduled",
    });
  });

  it("answers another workspace's workflow as missing", async () => {
    await workspaceWithNightly("sched-theirs");
    const intruder = await editorOfNewWorkspace(t.db, "sched-intruder");
    await expect(getSchedule(services(), intruder, "nightly")).rejects.toMatchObject({ status: 404 });
    await expect(fireScheduleNow(services(), intruder, "nightly")).rejects.toMatchObject({ status: 404 });
  });

  it("fires once now into the outbox, with its event marked manual", async () => {
    const caller = await workspaceWithNightly("sched-now");
    const { runId } = await fireScheduleNow(services(), caller, "nightly");
    const run = await t.db.run.findUniqueOrThrow({
      where: { id: runId },
      select: { source: true, status: true, startedById: true, event: { select: { source: true, payload: true } } },
    });
    expect(run).toMatchObject({
      source: "schedule",
      status: "queued",
      startedById: caller.member!.id,
      event: { source: "schedule", payload: { manual: true } },
    });
  });
});
