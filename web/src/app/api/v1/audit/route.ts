import { listAudit } from "~/server/services/audit-log";
import { parseInput } from "~/server/services/pagination";
import { auditQuery } from "~/server/trpc/routers/audit.schema";
import { apiRoute, queryOf } from "../_lib/route";

/** `?action=&actor=&targetType=&from=&to=&limit=&cursor=`, newest first. */
export const GET = apiRoute("admin", async ({ request, caller, s }) =>
  Response.json(await listAudit(s.db, caller.workspaceId, parseInput(auditQuery, queryOf(request), "invalid_query"))),
);
