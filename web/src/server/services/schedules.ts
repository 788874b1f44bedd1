import {
  backfillWorkflowSchedule,
  describeWorkflowSchedule,
  fireWorkflowScheduleNow,
  pauseWorkflowSchedule,
  ScheduleRequestError,
  type ScheduleView,
} from "@switchyard/workflows/engine";
import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { EngineUnavailableError } from "../http/api-error";
import { ApiError } from "../http/errors";
import { engineDeps } from "./engine-deps";
import { parseInput } from "./pagination";
import { backfillBody } from "./schedules.schema";
import { workflowIdOf } from "./workflows";

const STATUS: Record<Exclude<ScheduleRequestError["code"], "engine_unavailable">, number> = {
  not_scheduled: 409,
  disabled: 409,
  paused: 409,
  invalid_window: 400,
  window_too_large: 400,
};

const sentence = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}.`;

/** The engine's refusals as API errors; Temporal out of reach is a 503 the caller may retry (what was written is idempotent). */
async function scheduleCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof ScheduleRequestError)) throw err;
    if (err.code === "engine_unavailable") throw new EngineUnavailableError(sentence(err.message));
    throw new ApiError(STATUS[err.code], err.code, sentence(err.message));
  }
}

export async function getSchedule(s: Services, caller: ApiCaller, slug: string): Promise<ScheduleView> {
  const id = await workflowIdOf(s.db, caller.workspaceId, slug);
  return scheduleCall(() => describeWorkflowSchedule(engineDeps(s), id));
}

/** Holds or releases the schedule; answers the schedule as it now is. */
export async function setSchedulePaused(s: Services, caller: ApiCaller, slug: string, paused: boolean) {
  const id = await workflowIdOf(s.db, caller.workspaceId, slug);
  await scheduleCall(() => pauseWorkflowSchedule(engineDeps(s), id, paused));
  return getSchedule(s, caller, slug);
}

export async function backfillSchedule(s: Services, caller: ApiCaller, slug: string, body: unknown) {
  const { from, to } = parseInput(backfillBody, body);
  const id = await workflowIdOf(s.db, caller.workspaceId, slug);
  return scheduleCall(() => backfillWorkflowSchedule(engineDeps(s), id, from, to));
}

export async function fireScheduleNow(s: Services, caller: ApiCaller, slug: string) {
  const id = await workflowIdOf(s.db, caller.workspaceId, slug);
  return scheduleCall(() => fireWorkflowScheduleNow(engineDeps(s), id, caller.member?.id ?? null));
}
