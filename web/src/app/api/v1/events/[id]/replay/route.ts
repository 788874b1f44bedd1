import { replayEvent } from "~/server/services/event-replay";
import { apiRoute } from "../../../_lib/route";

/** `202 {runId, eventId}`: a new run of the workflow's current version from the stored event. */
export const POST = apiRoute<{ id: string }>("editor", async ({ caller, params, s }) =>
  Response.json(await replayEvent(s, caller, params.id), { status: 202 }),
);
