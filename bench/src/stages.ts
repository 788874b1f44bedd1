// Where a run's time goes, read from Temporal's history of each run (event times) and the run's
// row: the stage breakdown of scenario A. Every process runs on this machine, so one clock.
import type { Db } from "@switchyard/db";
import type { EngineClient } from "@switchyard/workflows/worker";
import proto from "@temporalio/proto";
import { percentile } from "./stats";

const { EventType } = proto.temporal.api.enums.v1;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

/** A run as the caller saw it: when the webhook was sent and answered, and when `?wait` answered it finished (ms since the epoch). */
export interface TimedRun {
  runId: string;
  sentAt: number;
  acceptedAt: number;
  doneAt: number;
}

const ms = (e: HistoryEvent | undefined) =>
  e?.eventTime ? Number(String(e.eventTime.seconds)) * 1000 + (e.eventTime.nanos ?? 0) / 1e6 : NaN;

/** Each activity of a history by its type: when it was scheduled, started and completed. */
export function activities(events: HistoryEvent[]) {
  const byScheduled = new Map<string, { type: string; scheduled: number; started?: number; completed?: number }>();
  for (const e of events) {
    const id = String(e.eventId);
    if (e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
      byScheduled.set(id, { type: e.activityTaskScheduledEventAttributes!.activityType!.name!, scheduled: ms(e) });
    const startedOf = e.activityTaskStartedEventAttributes?.scheduledEventId;
    if (startedOf != null) byScheduled.get(String(startedOf))!.started = ms(e);
    const completedOf = e.activityTaskCompletedEventAttributes?.scheduledEventId;
    if (completedOf != null) byScheduled.get(String(completedOf))!.completed = ms(e);
  }
  return [...byScheduled.values()];
}

/** One run's stages, in ms; `callMs` is what each step's own call takes (the sink's delay). */
async function stagesOf(db: Db, engine: EngineClient, run: TimedRun, callMs: number) {
  const history = await engine.temporal.workflow.getHandle(`run-${run.runId}`).fetchHistory();
  const events = history.events ?? [];
  const at = (type: number) => ms(events.find((e) => e.eventType === type));
  const { createdAt } = await db.run.findUniqueOrThrow({ where: { id: run.runId }, select: { createdAt: true } });
  const acts = activities(events);
  const steps = acts.filter((a) => a.type === "executeStep");
  const finish = acts.find((a) => a.type === "finishRun")!;
  const started = at(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
  const completed = at(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  const median = (xs: number[]) =>
    percentile(
      xs.sort((a, b) => a - b),
      50,
    );
  return {
    "accept (webhook answered)": run.acceptedAt - run.sentAt,
    "stored → workflow started": started - createdAt.getTime(),
    "workflow started → steps scheduled (claim, render)": Math.min(...steps.map((s) => s.scheduled)) - started,
    "step: scheduled → started (task queue)": median(steps.map((s) => s.started! - s.scheduled)),
    "step: activity beyond its call (state writes, connection)": median(
      steps.map((s) => s.completed! - s.started! - callMs),
    ),
    "last step done → finishRun scheduled": finish.scheduled - Math.max(...steps.map((s) => s.completed!)),
    // The wait answers on the NOTIFY of finishRun's commit, before Temporal hears the activity completed.
    "finishRun scheduled → ?wait answered": run.doneAt - finish.scheduled,
    "(after the answer) finishRun done → workflow completed": completed - finish.completed!,
  };
}

/** The median of each stage over the runs, in order. */
export async function stageBreakdown(
  db: Db,
  engine: EngineClient,
  runs: TimedRun[],
  callMs: number,
): Promise<[stage: string, ms: number][]> {
  const all = await Promise.all(runs.map((r) => stagesOf(db, engine, r, callMs)));
  return Object.keys(all[0]!).map((stage) => [
    stage,
    percentile(
      all.map((s) => s[stage as keyof (typeof all)[number]]).sort((a, b) => a - b),
      50,
    ),
  ]);
}
