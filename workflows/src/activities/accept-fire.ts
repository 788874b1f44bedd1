import type { Db } from "@switchyard/db";
import type { ScheduleTrigger } from "../definition/schedule";
import { toMs, type WorkflowDefinition } from "../definition/schema";
import type { FireOutcome, ScheduledFire, ScheduleEventPayload } from "../interpreter/contract";
import { storeRunOnce } from "../runs";
import { bookkeeping } from "./database";
import type { ActivityDeps } from "./deps";

const dedupeKeyOf = (fireId: string) => `fire:${fireId}`;

/**
 * Whether the run of the schedule's previous fire was still running when this fire came (or
 * began after it: a fire Temporal held back while it thought one ran). This fire came at its
 * nominal time plus at most the trigger's jitter; a run that ended before that latest moment
 * counts as ended. Overlap `skip` is decided here rather than by Temporal, whose scheduler keeps
 * no fire at all after an outage when it has not yet seen its last run end (see schedules.ts).
 * Runs started by hand or by a backfill are not fires, and do not count.
 */
async function overlapped(db: Db, fire: ScheduledFire, trigger: ScheduleTrigger): Promise<boolean> {
  const [previous] = await db.$queryRaw<{ endedAt: Date | null }[]>`
    SELECT r."endedAt" FROM "Event" e JOIN "Run" r ON r."eventId" = e.id
    WHERE e."workflowId" = ${fire.workflowId} AND e.source = 'schedule'
      AND e."dedupeKey" LIKE 'fire:%' AND e."dedupeKey" <> ${dedupeKeyOf(fire.fireId)}
    ORDER BY e."receivedAt" DESC LIMIT 1`;
  if (!previous) return false;
  const latestFire = Date.parse(fire.scheduledAt) + (trigger.jitter !== undefined ? toMs(trigger.jitter) : 0);
  return previous.endedAt === null || previous.endedAt.getTime() > latestFire;
}

export function createAcceptFireActivities(deps: Pick<ActivityDeps, "db" | "logger" | "databasePatienceMs">) {
  return {
    /**
     * Stores one fire of a workflow's schedule as its event and a queued run, pinned to the
     * latest version. Once per fire: a retry after the write answers the run stored first. A
     * workflow disabled or re-triggered since the schedule fired takes no run (its schedule is
     * being removed), nor does a paused one whose pause has not reached Temporal yet, nor, with
     * overlap `skip`, a fire that came while the previous run still ran.
     */
    async acceptScheduledFire({ workflowId, scheduledAt, fireId }: ScheduledFire): Promise<FireOutcome> {
      return bookkeeping(deps, async () => {
        const workflow = await deps.db.workflow.findUnique({
          where: { id: workflowId },
          select: {
            enabled: true,
            schedulePaused: true,
            workspaceId: true,
            versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, definition: true } },
          },
        });
        const version = workflow?.versions[0];
        const trigger = (version?.definition as WorkflowDefinition | undefined)?.trigger;
        const skipped = !workflow
          ? "the workflow no longer exists"
          : !workflow.enabled
            ? "the workflow is disabled"
            : trigger?.type !== "schedule"
              ? "the workflow no longer has a schedule trigger"
              : workflow.schedulePaused
                ? "the schedule is paused"
                : undefined;
        if (skipped || !workflow || !version) return skip(deps, workflowId, scheduledAt, skipped ?? "no version");
        const schedule = trigger as ScheduleTrigger;
        if (schedule.overlap === "skip" && (await overlapped(deps.db, { workflowId, scheduledAt, fireId }, schedule))) {
          // Counted once per fire unless this activity is retried after the increment (a rare over-count).
          await deps.db.workflow.update({ where: { id: workflowId }, data: { scheduleSkips: { increment: 1 } } });
          return skip(deps, workflowId, scheduledAt, "the previous run was still running (overlap skip)");
        }
        const payload: ScheduleEventPayload = { scheduledAt, firedAt: new Date().toISOString() };
        const { start } = await storeRunOnce(deps.db, {
          workspaceId: workflow.workspaceId,
          workflowId,
          version,
          source: "schedule",
          event: { source: "schedule", payload, dedupeKey: dedupeKeyOf(fireId) },
        });
        return { start };
      });
    },
  };
}

function skip(deps: Pick<ActivityDeps, "logger">, workflowId: string, scheduledAt: string, reason: string) {
  deps.logger.info("schedule fire skipped", { workflowId, scheduledAt, reason });
  return { skipped: reason };
}
