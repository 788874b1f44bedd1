import { addConnection, createConnectionInput, listConnections } from "~/server/services/connections";
import { parseInput } from "~/server/services/pagination";
import { apiRoute, readBody } from "../_lib/route";

export const GET = apiRoute("viewer", async ({ s, caller }) =>
  Response.json({ items: await listConnections(s, caller.workspaceId) }),
);

export const POST = apiRoute("editor", async ({ request, s, caller }) => {
  const input = parseInput(createConnectionInput, await readBody(request, s), "invalid_input");
  return Response.json(await addConnection(s, caller, input), { status: 201 });
});
