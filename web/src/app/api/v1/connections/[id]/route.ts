import { z } from "zod";
import {
  connectionName,
  deleteConnection,
  getConnection,
  renameConnectionChecked,
} from "~/server/services/connections";
import { parseInput } from "~/server/services/pagination";
import { apiRoute, readBody } from "../../_lib/route";

type P = { id: string };
const renameInput = z.object({ name: connectionName });

export const GET = apiRoute<P>("viewer", async ({ s, caller, params }) =>
  Response.json(await getConnection(s, caller.workspaceId, params.id)),
);

export const PATCH = apiRoute<P>("editor", async ({ request, s, caller, params }) => {
  const { name } = parseInput(renameInput, await readBody(request, s), "invalid_input");
  return Response.json(await renameConnectionChecked(s, caller, params.id, name));
});

export const DELETE = apiRoute<P>("editor", async ({ s, caller, params }) => {
  await deleteConnection(s, caller, params.id);
  return new Response(null, { status: 204 });
});
