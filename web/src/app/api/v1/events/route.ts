import { listEvents } from "~/server/services/event-history";
import { listEventsQuery } from "~/server/services/event-history.schema";
import { parseInput } from "~/server/services/pagination";
import { apiRoute, queryOf } from "../_lib/route";

/** `?workflow=<slug>&source=&status=&limit=&cursor=`, newest first; with a workflow, also its webhook's refusals. */
export const GET = apiRoute("viewer", async ({ request, caller, s }) =>
  Response.json(
    await listEvents(s.db, caller.workspaceId, parseInput(listEventsQuery, queryOf(request), "invalid_query")),
  ),
);
