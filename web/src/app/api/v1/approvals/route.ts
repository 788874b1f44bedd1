import { listApprovals } from "~/server/services/approvals";
import { listApprovalsQuery } from "~/server/services/approvals.schema";
import { parseInput } from "~/server/services/pagination";
import { apiRoute, queryOf } from "../_lib/route";

/** `?status=pending|decided&workflow=<slug>&limit=&cursor=`, newest first: what the caller may decide (admins: all). */
export const GET = apiRoute("approver", async ({ request, caller, s }) =>
  Response.json(await listApprovals(s.db, caller, parseInput(listApprovalsQuery, queryOf(request), "invalid_query"))),
);
