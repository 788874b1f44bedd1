import { parseInput } from "~/server/services/pagination";
import { startBody, startOAuth } from "~/server/services/oauth";
import { apiRoute, readBody } from "../../../../_lib/route";

/** Body `{name}`; begins an OAuth2 connection and answers `{authorizationUrl}`, Switchyard's confirmation page for a person to open. */
export const POST = apiRoute<{ connector: string }>("editor", async ({ request, caller, params, s }) =>
  Response.json(await startOAuth(s, caller, params.connector, parseInput(startBody, await readBody(request, s)))),
);
