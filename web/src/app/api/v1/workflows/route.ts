import { parseInput, pageQuery } from "~/server/services/pagination";
import { listWorkflows } from "~/server/services/workflows";
import { apiRoute, queryOf } from "../_lib/route";

export const GET = apiRoute("viewer", async ({ request, caller, s }) =>
  Response.json(
    await listWorkflows(s.db, caller.workspaceId, parseInput(pageQuery, queryOf(request), "invalid_query")),
  ),
);
