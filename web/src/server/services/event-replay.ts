import { appTriggerOf, type WorkflowDefinition } from "@switchyard/workflows/definition";
import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { ApiError } from "../http/errors";
import { acceptRequestedRun } from "./start-run";
import { checkedInput } from "./workflow-runs";

/**
 * `POST /api/v1/events/<id>/replay`: a new `replay` event with the stored payload, linked to the
 * event it copies (the first one, when this is a replay too), and a run of the workflow's current
 * version, started by the caller. A body removed by retention cannot be replayed (410).
 */
export async function replayEvent(
  s: Services,
  caller: ApiCaller,
  eventId: string,
): Promise<{ runId: string; eventId: string }> {
  const event = await s.db.event.findFirst({
    where: { id: eventId, workspaceId: caller.workspaceId },
    select: {
      source: true,
      payload: true,
      replayOfId: true,
      replayOf: { select: { source: true } },
      bodyDeletedAt: true,
      workflow: {
        select: {
          id: true,
          slug: true,
          enabled: true,
          versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, definition: true } },
        },
      },
    },
  });
  if (!event) throw new ApiError(404, "not_found", `No event ${eventId} in this workspace.`);
  const { workflow } = event;
  if (event.bodyDeletedAt)
    throw new ApiError(
      410,
      "body_expired",
      `Event ${eventId}'s body was removed on ${event.bodyDeletedAt.toISOString()}, when it passed the event retention ` +
        "(SWITCHYARD_EVENT_RETENTION); only its metadata is kept, so it cannot be replayed.",
    );
  if (!workflow.enabled)
    throw new ApiError(
      409,
      "workflow_disabled",
      `Workflow "${workflow.slug}" is disabled; enable it to replay events.`,
    );
  const version = workflow.versions[0];
  if (!version) throw new ApiError(409, "no_version", `Workflow "${workflow.slug}" has no version to run.`);
  const trigger = (version.definition as WorkflowDefinition).trigger;
  const origin = event.replayOf?.source ?? event.source;
  if (!fitsTrigger(origin, trigger))
    throw new ApiError(
      409,
      "trigger_changed",
      `Event ${eventId} came from ${origin}, but workflow "${workflow.slug}" now starts from ${triggerName(trigger)}: ` +
        "its steps would read the trigger in another shape.",
    );
  const payload = heldToInput(trigger, event.payload as { body?: unknown });
  const { runId } = await acceptRequestedRun(
    s,
    {
      workspaceId: caller.workspaceId,
      workflowId: workflow.id,
      version,
      source: "replay",
      event: { source: "replay", payload, replayOfId: event.replayOfId ?? eventId },
      startedById: caller.member?.id ?? null,
    },
    // It was taken once already: only what a run can carry still limits it.
    { maxEventBytes: Number.POSITIVE_INFINITY },
  );
  const run = await s.db.run.findUniqueOrThrow({ where: { id: runId }, select: { eventId: true } });
  return { runId, eventId: run.eventId! };
}

type Trigger = WorkflowDefinition["trigger"];

const triggerName = (trigger: Trigger) =>
  appTriggerOf(trigger)?.uses ?? (trigger.type === "webhook" ? "its webhook" : `a ${trigger.type} trigger`);

/** Whether an event of `source` has the shape the trigger's steps read (API starts fit any workflow). */
function fitsTrigger(source: string, trigger: Trigger): boolean {
  const app = appTriggerOf(trigger);
  if (source === "api") return true;
  if (source === "webhook") return trigger.type === "webhook" && !app;
  if (source === "schedule") return trigger.type === "schedule";
  return app?.uses === source;
}

/** A manual start's input, held to the current input schema like a new start's (its defaults filled in). */
const heldToInput = (trigger: Trigger, payload: { body?: unknown }): object =>
  trigger.type === "manual" && trigger.input
    ? { ...payload, body: checkedInput(trigger.input, payload.body) }
    : payload;
