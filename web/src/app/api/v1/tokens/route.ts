import { pageQuery, parseInput } from "~/server/services/pagination";
import { createToken, createTokenInput, listTokens } from "~/server/services/tokens";
import { apiRoute, queryOf, readBody } from "../_lib/route";

/** `?limit=&cursor=`, newest first; never a token's secret. */
export const GET = apiRoute("admin", async ({ request, caller, s }) =>
  Response.json(await listTokens(s, caller.workspaceId, parseInput(pageQuery, queryOf(request), "invalid_query"))),
);

/** Body `{name, role}`; the answer carries the token's secret, shown only this once. */
export const POST = apiRoute("admin", async ({ request, caller, s }) => {
  const input = parseInput(createTokenInput, await readBody(request, s), "invalid_input");
  return Response.json(await createToken(s, caller, input), { status: 201 });
});
