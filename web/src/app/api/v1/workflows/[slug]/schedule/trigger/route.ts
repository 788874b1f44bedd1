import { fireScheduleNow } from "~/server/services/schedules";
import { apiRoute } from "../../../../_lib/route";

/** One run now, outside the schedule's times. Answers 202 `{runId}`. */
export const POST = apiRoute<{ slug: string }>("editor", async ({ caller, params, s }) =>
  Response.json(await fireScheduleNow(s, caller, params.slug), { status: 202 }),
);
