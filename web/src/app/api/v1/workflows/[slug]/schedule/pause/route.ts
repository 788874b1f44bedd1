import { setSchedulePaused } from "~/server/services/schedules";
import { apiRoute } from "../../../../_lib/route";

/** Holds the schedule: no fire takes a run until it is resumed. Answers the schedule. */
export const POST = apiRoute<{ slug: string }>("editor", async ({ caller, params, s }) =>
  Response.json(await setSchedulePaused(s, caller, params.slug, true)),
);
