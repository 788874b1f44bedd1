import { getRun } from "~/server/services/runs";
import { apiRoute } from "../../_lib/route";

export const GET = apiRoute<{ runId: string }>("viewer", async ({ caller, params, s }) =>
  Response.json(await getRun(s.db, caller.workspaceId, params.runId)),
);
