import { replaceCredentials } from "~/server/services/connections";
import { credentialsBody } from "~/server/services/connections.schema";
import { parseInput } from "~/server/services/pagination";
import { apiRoute, readBody } from "../../../_lib/route";

/** Body `{credentials}`: new credentials for a key-based connection, checked and stored encrypted; never answered. */
export const PUT = apiRoute<{ id: string }>("editor", async ({ request, s, caller, params }) => {
  const { credentials } = parseInput(credentialsBody, await readBody(request, s), "invalid_input");
  return Response.json(await replaceCredentials(s, caller, params.id, credentials));
});
