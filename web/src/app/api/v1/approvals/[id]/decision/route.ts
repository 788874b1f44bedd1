import { decideApproval } from "~/server/services/approvals";
import { decisionBody } from "~/server/services/approvals.schema";
import { parseInput } from "~/server/services/pagination";
import { apiRoute, readBody } from "../../../_lib/route";

/**
 * Body `{decision, edits?, values?, comment?}`, decided as the token's member. The checkpoint's own
 * rules decide who among approvers and the roles above them may (an approver can be named by email).
 */
export const POST = apiRoute<{ id: string }>("approver", async ({ request, caller, params, s }) => {
  const body = parseInput(decisionBody, await readBody(request, s));
  return Response.json(await decideApproval(s, caller, params.id, body, "api"));
});
