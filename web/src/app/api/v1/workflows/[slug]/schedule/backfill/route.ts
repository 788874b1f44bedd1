import { backfillSchedule } from "~/server/services/schedules";
import { apiRoute, readBody } from "../../../../_lib/route";

/** `{from, to}`: runs every fire of that window now, oldest first, each with its scheduled time (at most 1,000). Answers 202 `{fires}`. */
export const POST = apiRoute<{ slug: string }>("editor", async ({ request, caller, params, s }) =>
  Response.json(await backfillSchedule(s, caller, params.slug, await readBody(request, s)), { status: 202 }),
);
