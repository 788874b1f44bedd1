import { parseInput } from "~/server/services/pagination";
import { getWorkspaceSettings, updateWorkspaceSettings, workspaceSettingsInput } from "~/server/services/workspace";
import { apiRoute, readBody } from "../_lib/route";

export const GET = apiRoute("viewer", async ({ s, caller }) =>
  Response.json(await getWorkspaceSettings(s, caller.workspaceId)),
);

/** Admins only: the allowlist widens what this workspace's steps may reach inside the network. */
export const PATCH = apiRoute("admin", async ({ request, s, caller }) => {
  const input = parseInput(workspaceSettingsInput, await readBody(request, s), "invalid_input");
  return Response.json(await updateWorkspaceSettings(s, caller, input));
});
