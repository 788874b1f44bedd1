import { checkpointStats } from "~/server/services/checkpoint-stats";
import { checkpointStatsQuery } from "~/server/services/checkpoint-stats.schema";
import { parseInput } from "~/server/services/pagination";
import { apiRoute, queryOf } from "../../../_lib/route";

/** Per checkpoint of the workflow: how people decided it, and whether it is ready to automate (`?readyAfter=`, default 10). */
export const GET = apiRoute<{ slug: string }>("viewer", async ({ request, caller, params, s }) => {
  const query = parseInput(checkpointStatsQuery, queryOf(request), "invalid_query");
  return Response.json(await checkpointStats(s.db, caller.workspaceId, params.slug, query));
});
