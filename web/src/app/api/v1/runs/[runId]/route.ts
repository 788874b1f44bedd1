import { parseInput } from "~/server/services/pagination";
import { getRunWaiting, waitQuery } from "~/server/services/run-waits";
import { apiRoute, queryOf } from "../../_lib/route";

/** `?wait=30s` answers once the run has finished, or with its state at the timeout. */
export const GET = apiRoute<{ runId: string }>("viewer", async ({ caller, params, s, request }) => {
  const { wait = 0 } = parseInput(waitQuery, queryOf(request), "invalid_query");
  const at = { workspaceId: caller.workspaceId, runId: params.runId };
  return Response.json(await getRunWaiting(s.db, s.runWaits, at, wait, request.signal));
});
