import { getSchedule } from "~/server/services/schedules";
import { apiRoute } from "../../../_lib/route";

/** The workflow's schedule: paused or not, the next 5 fires, the last fire and its run, and Temporal's counts of skipped and missed fires. */
export const GET = apiRoute<{ slug: string }>("viewer", async ({ caller, params, s }) =>
  Response.json(await getSchedule(s, caller, params.slug)),
);
