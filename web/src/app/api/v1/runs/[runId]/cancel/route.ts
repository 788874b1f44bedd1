import { cancelRunById } from "~/server/services/runs";
import { apiRoute } from "../../../_lib/route";

/** 202 `{runId, status}`: "cancelled" for a run Temporal never got, "cancelling" otherwise. 409 once it has ended. */
export const POST = apiRoute<{ runId: string }>("editor", async ({ caller, params, s }) =>
  Response.json(await cancelRunById(s, caller.workspaceId, params.runId), { status: 202 }),
);
