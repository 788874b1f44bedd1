import { parseInput } from "~/server/services/pagination";
import { listRuns, listRunsQuery } from "~/server/services/runs";
import { apiRoute, queryOf } from "../_lib/route";

/** `?workflow=<slug>&status=<status>&since=<ISO instant>&until=<ISO instant>&limit=&cursor=`, newest first (`until` excluded). */
export const GET = apiRoute("viewer", async ({ request, caller, s }) =>
  Response.json(await listRuns(s.db, caller.workspaceId, parseInput(listRunsQuery, queryOf(request), "invalid_query"))),
);
