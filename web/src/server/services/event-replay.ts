import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { ApiError } from "../http/errors";
import { acceptRequestedRun } from "./start-run";

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
      payload: true,
      replayOfId: true,
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
  const { runId } = await acceptRequestedRun(
    s,
    {
      workspaceId: caller.workspaceId,
      workflowId: workflow.id,
      version,
      source: "replay",
      event: { source: "replay", payload: event.payload as object, replayOfId: event.replayOfId ?? eventId },
      startedById: caller.member?.id ?? null,
    },
    // It was taken once already: only what a run can carry still limits it.
    { maxEventBytes: Number.POSITIVE_INFINITY },
  );
  const run = await s.db.run.findUniqueOrThrow({ where: { id: runId }, select: { eventId: true } });
  return { runId, eventId: run.eventId! };
}
