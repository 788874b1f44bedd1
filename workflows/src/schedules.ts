// Schedule triggers as Temporal Schedules: one per enabled workflow with a schedule trigger,
// created, updated and removed as the workflow is saved, enabled and disabled. Temporal keeps the
// time (cron, time zone, overlap, catch-up); each fire starts scheduledFire, which stores the run.
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type ScheduleOptions,
  type ScheduleOverlapPolicy,
  type ScheduleSpec,
} from "@temporalio/client";
import type { temporal } from "@temporalio/proto";
import Long from "long";
import type { Db } from "@switchyard/db";
import type { Logger } from "@switchyard/connectors";
import type { EngineClient } from "./client";
import { cronsOf, type OverlapPolicy, type ScheduleTrigger } from "./definition/schedule";
import { toMs, type WorkflowDefinition } from "./definition/schema";
import { SCHEDULE_FIRE_WORKFLOW, scheduleIdFor, workflowIdForFire } from "./interpreter/contract";

/**
 * Temporal's policy for each of ours. `skip` is held back one by Temporal and decided when it
 * fires (acceptScheduledFire): Temporal's own SKIP drops every fire missed during an outage when
 * its scheduler has not yet seen the last run end, where one missed fire must still run.
 */
const OVERLAP: Record<OverlapPolicy, ScheduleOverlapPolicy> = {
  skip: "BUFFER_ONE",
  buffer_one: "BUFFER_ONE",
  buffer_all: "BUFFER_ALL",
  cancel_other: "CANCEL_OTHER",
  allow_all: "ALLOW_ALL",
};

/** Temporal's own default: missed fires are considered for a year; `skip` then takes one of them. */
const DEFAULT_CATCHUP_WINDOW_MS = 365 * 24 * 3_600_000;
/** Backfills larger than this are refused: each fire is a whole run. */
export const MAX_BACKFILL_FIRES = 1_000;

export interface ScheduledWorkflow {
  id: string;
  trigger: ScheduleTrigger;
  /** Held by people (POST .../schedule/pause). */
  paused: boolean;
}

const PAUSED_NOTE = "paused in Switchyard";

function specOf(t: ScheduleTrigger): ScheduleSpec {
  const crons = cronsOf(t);
  return {
    ...(crons.length ? { cronExpressions: crons } : { intervals: [{ every: toMs(t.every!) }] }),
    timezone: t.timezone,
    ...(t.jitter !== undefined ? { jitter: toMs(t.jitter) } : {}),
  };
}

function optionsOf(engine: EngineClient, w: ScheduledWorkflow) {
  return {
    spec: specOf(w.trigger),
    action: {
      type: "startWorkflow" as const,
      workflowType: SCHEDULE_FIRE_WORKFLOW,
      args: [{ workflowId: w.id }],
      taskQueue: engine.taskQueue,
      workflowId: workflowIdForFire(w.id),
    },
    policies: {
      overlap: OVERLAP[w.trigger.overlap],
      catchupWindow: w.trigger.catchupWindow !== undefined ? toMs(w.trigger.catchupWindow) : DEFAULT_CATCHUP_WINDOW_MS,
    },
    state: { paused: w.paused, ...(w.paused ? { note: PAUSED_NOTE } : {}) },
  } satisfies Omit<ScheduleOptions, "scheduleId">;
}

/** Creates the workflow's schedule, or brings an existing one to the trigger as it now is. */
export async function putSchedule(engine: EngineClient, w: ScheduledWorkflow): Promise<void> {
  const options = optionsOf(engine, w);
  const scheduleId = scheduleIdFor(w.id);
  try {
    // The task queue in the memo tells this installation's schedules from others on a shared namespace.
    await engine.temporal.schedule.create({ scheduleId, ...options, memo: { taskQueue: engine.taskQueue } });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await engine.temporal.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, ...options }));
  }
}

/** Removes the workflow's schedule; none is fine. */
export async function removeSchedule(engine: EngineClient, workflowId: string): Promise<void> {
  try {
    await engine.temporal.schedule.getHandle(scheduleIdFor(workflowId)).delete();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}

/** The schedule trigger of a workflow's latest definition, if it is enabled and has one. */
export function scheduleTriggerOf(enabled: boolean, definition: unknown): ScheduleTrigger | undefined {
  const trigger = (definition as WorkflowDefinition | undefined)?.trigger;
  return enabled && trigger?.type === "schedule" ? trigger : undefined;
}

export interface ScheduleState {
  paused: boolean;
  /** The next fire times Temporal has computed (time zone, DST and jitter-free nominal times). */
  nextFires: Date[];
  /** Fires Temporal dropped for overlap (for `skip`, only those beyond the one it holds back; see acceptScheduledFire). */
  skippedByOverlap: number;
  /** Fires missed while the system was down and older than the catch-up window. */
  missedCatchup: number;
}

/** What Temporal holds of the workflow's schedule; undefined when it has none. */
export async function scheduleState(engine: EngineClient, workflowId: string): Promise<ScheduleState | undefined> {
  try {
    const d = await engine.temporal.schedule.getHandle(scheduleIdFor(workflowId)).describe();
    return {
      paused: d.state.paused,
      nextFires: d.info.nextActionTimes.slice(0, 5),
      skippedByOverlap: d.info.numActionsSkippedOverlap,
      missedCatchup: d.info.numActionsMissedCatchupWindow,
    };
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return undefined;
    throw err;
  }
}

export async function setSchedulePaused(engine: EngineClient, workflowId: string, paused: boolean): Promise<void> {
  const handle = engine.temporal.schedule.getHandle(scheduleIdFor(workflowId));
  await (paused ? handle.pause(PAUSED_NOTE) : handle.unpause("resumed in Switchyard"));
}

const timestamp = (d: Date) => ({
  seconds: Long.fromNumber(Math.floor(d.getTime() / 1000)),
  nanos: (d.getTime() % 1000) * 1e6,
});

/** Temporal lists at most this many fire times per request. */
const MATCHING_TIMES_PAGE = 1_000;

async function matchingTimes(engine: EngineClient, workflowId: string, from: Date, to: Date): Promise<Date[]> {
  const answer: temporal.api.workflowservice.v1.IListScheduleMatchingTimesResponse =
    await engine.temporal.workflowService.listScheduleMatchingTimes({
      namespace: engine.temporal.options.namespace,
      scheduleId: scheduleIdFor(workflowId),
      startTime: timestamp(from),
      endTime: timestamp(to),
    });
  return (answer.startTime ?? []).map(
    (t) => new Date(Number(t.seconds ?? 0) * 1000 + Math.round((t.nanos ?? 0) / 1e6)),
  );
}

/**
 * The times the schedule fires after `from` up to `to`, as Temporal computes them (time zone,
 * DST), at most `limit + 1` of them: Temporal answers a page at a time.
 */
export async function fireTimesBetween(
  engine: EngineClient,
  workflowId: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<Date[]> {
  const times: Date[] = [];
  for (let after = from; times.length <= limit; ) {
    const page = await matchingTimes(engine, workflowId, after, to);
    times.push(...page);
    if (page.length < MATCHING_TIMES_PAGE) break;
    after = new Date(page.at(-1)!.getTime() + 1);
  }
  return times.slice(0, limit + 1);
}

/**
 * Brings Temporal's schedules in line with the enabled workflows that have a schedule trigger:
 * missing ones are created (saved while Temporal was unreachable, or lost with a dev server's
 * memory), all are brought up to date, and this installation's orphans are removed. Run at
 * worker start.
 */
export async function reconcileSchedules(
  db: Db,
  engine: EngineClient,
  logger: Logger,
): Promise<{ scheduled: number; removed: number }> {
  // Temporal's list first: a schedule a save creates after this read is never taken for an orphan.
  const existing: string[] = [];
  for await (const s of engine.temporal.schedule.list())
    if (s.scheduleId.startsWith(scheduleIdFor("")) && s.memo?.taskQueue === engine.taskQueue)
      existing.push(s.scheduleId);
  const workflows = await db.workflow.findMany({
    where: { enabled: true, versions: { some: { definition: { path: ["trigger", "type"], equals: "schedule" } } } },
    select: {
      id: true,
      schedulePaused: true,
      versions: { orderBy: { version: "desc" }, take: 1, select: { definition: true } },
    },
  });
  const wanted = new Set<string>();
  for (const w of workflows) {
    const trigger = scheduleTriggerOf(true, w.versions[0]?.definition);
    if (!trigger) continue;
    wanted.add(scheduleIdFor(w.id));
    await putSchedule(engine, { id: w.id, trigger, paused: w.schedulePaused }).catch((err: unknown) =>
      logger.warn("could not create a schedule", { workflowId: w.id, error: String(err) }),
    );
  }
  let removed = 0;
  for (const scheduleId of existing.filter((id) => !wanted.has(id))) {
    await engine.temporal.schedule
      .getHandle(scheduleId)
      .delete()
      .then(() => removed++)
      .catch((err: unknown) =>
        logger.warn("could not remove an orphaned schedule", { scheduleId, error: String(err) }),
      );
  }
  return { scheduled: wanted.size, removed };
}
