import { getApproval } from "~/server/services/approvals";
import { apiRoute } from "../../_lib/route";

export const GET = apiRoute<{ id: string }>("approver", async ({ caller, params, s }) =>
  Response.json(await getApproval(s.db, caller, params.id)),
);
