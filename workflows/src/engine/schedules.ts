// What web may do with a workflow's schedule: read it, hold and release it, backfill a window,
// fire it once now. The caller has checked the workspace and role, and that the workflow exists.
import type { WorkflowDefinition } from "../definition/schema";
import type { ScheduleEventPayload } from "../interpreter/contract";
import {
  fireTimesBetween,
  putSchedule,
  scheduleTriggerOf,
  MAX_BACKFILL_FIRES,
  scheduleState,
  setSchedulePaused,
  type ScheduleState,
} from "../schedules";
import { status } from "@grpc/grpc-js";
import { isGrpcServiceError, ScheduleNotFoundError } from "@temporalio/client";
import type { EngineClient } from "../client";
import { handOver } from "../dispatch";
import { storeRunOnce, type NewRun } from "../runs";
import { acceptRun } from "./accept";
import type { EngineDeps } from "./deps";

/**
 * An operation the workflow's current state does not allow (no schedule trigger, disabled, a bad
 * window), or Temporal out of reach (`engine_unavailable`: what the database holds is written).
 */
export class ScheduleRequestError extends Error {
  override name = "ScheduleRequestError";
  constructor(
    readonly code:
      | "not_scheduled"
      | "disabled"
      | "paused"
      | "invalid_window"
      | "window_too_large"
      | "engine_unavailable",
    message: string,
  ) {
    super(message);
  }
}

const isNotFound = (err: unknown) =>
  err instanceof ScheduleNotFoundError || (isGrpcServiceError(err) && err.code === status.NOT_FOUND);

/** Runs what asks Temporal; its failure (connecting, or the call) is the engine being unavailable. */
async function withTemporal<T>(deps: EngineDeps, what: string, call: (engine: EngineClient) => Promise<T>): Promise<T> {
  try {
    return await call(await deps.engineClient());
  } catch (err) {
    if (err instanceof ScheduleRequestError) throw err;
    deps.logger.warn(`Temporal did not ${what}`, { error: err instanceof Error ? err.message : String(err) });
    throw new ScheduleRequestError(
      "engine_unavailable",
      `the workflow engine (Temporal) could not ${what}; try again shortly`,
    );
  }
}

/**
 * `call` on the workflow's schedule, putting the schedule first when Temporal has none (the
 * workflow was saved while Temporal was away, and no worker has started since).
 */
function withSchedule<T>(
  deps: EngineDeps,
  w: ScheduledTarget,
  what: string,
  call: (engine: EngineClient) => Promise<T>,
) {
  return withTemporal(deps, what, async (engine) => {
    try {
      return await call(engine);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      const trigger = scheduleTriggerOf(true, w.version.definition)!;
      await putSchedule(engine, { id: w.id, trigger, paused: w.schedulePaused });
      return call(engine);
    }
  });
}

interface ScheduledTarget {
  id: string;
  workspaceId: string;
  enabled: boolean;
  schedulePaused: boolean;
  scheduleSkips: number;
  version: { id: string; definition: unknown };
}

async function scheduledTarget(deps: EngineDeps, workflowId: string): Promise<ScheduledTarget> {
  const w = await deps.db.workflow.findUniqueOrThrow({
    where: { id: workflowId },
    select: {
      id: true,
      workspaceId: true,
      enabled: true,
      schedulePaused: true,
      scheduleSkips: true,
      versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, definition: true } },
    },
  });
  const version = w.versions[0];
  if ((version?.definition as WorkflowDefinition | undefined)?.trigger.type !== "schedule" || !version)
    throw new ScheduleRequestError("not_scheduled", "the workflow's trigger is not a schedule");
  return { ...w, version };
}

/** A run of the schedule's, stored with its event: the same for a fire, a backfill and a run now. */
const scheduleRun = (w: ScheduledTarget, payload: ScheduleEventPayload): NewRun => ({
  workspaceId: w.workspaceId,
  workflowId: w.id,
  version: w.version,
  source: "schedule",
  event: { source: "schedule", payload },
});

function requireEnabled(w: ScheduledTarget, what: string): void {
  if (!w.enabled) throw new ScheduleRequestError("disabled", `the workflow is disabled; enable it to ${what}`);
}

export interface ScheduleView {
  enabled: boolean;
  /** Held by people; a disabled workflow has no schedule at all. */
  paused: boolean;
  /** Up to the next 5 fires, as Temporal computes them; empty while paused or disabled. */
  nextFires: string[];
  lastFire: { scheduledAt: string; firedAt: string; runId: string; status: string } | null;
  skippedByOverlap: number;
  missedCatchup: number;
  /** Temporal could not be asked: the times it computes are missing. */
  temporal: "ok" | "unreachable" | "missing";
}

/** The schedule as people see it: what Temporal will do next, and what the last fire did. */
export async function describeWorkflowSchedule(deps: EngineDeps, workflowId: string): Promise<ScheduleView> {
  const w = await scheduledTarget(deps, workflowId);
  const last = await deps.db.event.findFirst({
    where: { workflowId, source: "schedule" },
    orderBy: { receivedAt: "desc" },
    select: { payload: true, runs: { take: 1, select: { id: true, status: true } } },
  });
  const payload = last?.payload as ScheduleEventPayload | undefined;
  const run = last?.runs[0];
  let held: ScheduleState | undefined;
  let temporal: ScheduleView["temporal"] = "ok";
  if (w.enabled) {
    try {
      held = await withTemporal(deps, "describe the schedule", (engine) => scheduleState(engine, workflowId));
      if (!held) temporal = "missing";
    } catch {
      temporal = "unreachable";
    }
  }
  return {
    enabled: w.enabled,
    paused: w.schedulePaused,
    nextFires: w.enabled && !w.schedulePaused ? (held?.nextFires ?? []).map((d) => d.toISOString()) : [],
    lastFire:
      payload && run
        ? { scheduledAt: payload.scheduledAt, firedAt: payload.firedAt, runId: run.id, status: run.status }
        : null,
    // Overlap `skip` is decided by the fires themselves (see acceptScheduledFire); other policies by Temporal.
    skippedByOverlap: w.scheduleSkips + (held?.skippedByOverlap ?? 0),
    missedCatchup: held?.missedCatchup ?? 0,
    temporal,
  };
}

/**
 * Holds or releases the schedule. The database says first: a fire that comes while the schedule
 * is held takes no run, so holding works even while Temporal cannot be told. Releasing needs
 * Temporal (`engine_unavailable` otherwise; the worker tells it again when it starts).
 */
export async function pauseWorkflowSchedule(deps: EngineDeps, workflowId: string, paused: boolean): Promise<void> {
  const w = await scheduledTarget(deps, workflowId);
  await deps.db.workflow.update({ where: { id: w.id }, data: { schedulePaused: paused } });
  if (!w.enabled) return;
  try {
    await withSchedule(
      deps,
      { ...w, schedulePaused: paused },
      paused ? "pause the schedule" : "resume the schedule",
      (engine) => setSchedulePaused(engine, workflowId, paused),
    );
  } catch (err) {
    if (!paused) throw err;
  }
}

/**
 * Stores a run for every fire after `from` up to `to` (not later than now: future fires run on
 * their own), as Temporal computes the schedule's times, each with its scheduled time, in one
 * transaction, then starts them; at most MAX_BACKFILL_FIRES. A fire backfilled before is not
 * stored again, so a retried request runs nothing twice. Stored here rather than by Temporal's
 * backfill, whose fires would meet overlap `skip` (every past fire has a run that ended after it).
 */
export async function backfillWorkflowSchedule(
  deps: EngineDeps,
  workflowId: string,
  from: Date,
  to: Date,
): Promise<{ fires: number; started: number }> {
  const w = await scheduledTarget(deps, workflowId);
  requireEnabled(w, "backfill it");
  if (!(from < to)) throw new ScheduleRequestError("invalid_window", "from must be before to");
  if (to.getTime() > Date.now())
    throw new ScheduleRequestError("invalid_window", "to is in the future; the schedule fires then on its own");
  if (w.schedulePaused) throw new ScheduleRequestError("paused", "the schedule is paused; resume it to backfill it");
  const times = await withSchedule(deps, w, "list the schedule's times", (engine) =>
    fireTimesBetween(engine, workflowId, from, to, MAX_BACKFILL_FIRES),
  );
  if (times.length > MAX_BACKFILL_FIRES)
    throw new ScheduleRequestError(
      "window_too_large",
      `the window holds more than ${MAX_BACKFILL_FIRES} fires; backfill at most ${MAX_BACKFILL_FIRES} at once`,
    );
  const firedAt = new Date().toISOString();
  const stored = await deps.db.$transaction(
    async (tx) => {
      const runs = [];
      for (const time of times) {
        const payload: ScheduleEventPayload = { scheduledAt: time.toISOString(), firedAt, backfill: true };
        const run = {
          ...scheduleRun(w, payload),
          event: { source: "schedule", payload, dedupeKey: `backfill:${payload.scheduledAt}` },
        };
        runs.push(await storeRunOnce(tx, run));
      }
      return runs;
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
  const starts = stored.filter((r) => !r.duplicate).map((r) => r.start);
  await handOver(deps, starts);
  return { fires: times.length, started: starts.length };
}

/** One run now, outside the schedule's times: stored and started like every fire, scheduled for now. */
export async function fireWorkflowScheduleNow(
  deps: EngineDeps,
  workflowId: string,
  startedById: string | null,
): Promise<{ runId: string }> {
  const w = await scheduledTarget(deps, workflowId);
  requireEnabled(w, "run it");
  const now = new Date().toISOString();
  const payload: ScheduleEventPayload = { scheduledAt: now, firedAt: now, manual: true };
  return acceptRun(deps, { ...scheduleRun(w, payload), startedById });
}
