import { setSchedulePaused } from "~/server/services/schedules";
import { apiRoute } from "../../../../_lib/route";

/** Releases a held schedule: it fires again from its next time. Answers the schedule. */
export const POST = apiRoute<{ slug: string }>("editor", async ({ caller, params, s }) =>
  Response.json(await setSchedulePaused(s, caller, params.slug, false)),
);
