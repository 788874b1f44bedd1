import { testConnection } from "~/server/services/connections";
import { apiRoute } from "../../../_lib/route";

export const POST = apiRoute<{ id: string }>("editor", async ({ s, caller, params }) =>
  Response.json(await testConnection(s, caller.workspaceId, params.id)),
);
