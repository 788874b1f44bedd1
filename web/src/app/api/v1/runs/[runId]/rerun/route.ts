import { parseInput } from "~/server/services/pagination";
import { rerunBody, rerunRun } from "~/server/services/runs";
import { apiRoute, readBody } from "../../../_lib/route";

/** Body `{fromStep?}`; answers 202 `{runId}` of the new run. */
export const POST = apiRoute<{ runId: string }>("editor", async ({ request, caller, params, s }) => {
  const body = parseInput(rerunBody, await readBody(request, s));
  return Response.json(await rerunRun(s, caller.workspaceId, params.runId, body, caller.member?.id ?? null), {
    status: 202,
  });
});
