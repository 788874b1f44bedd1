import { parseInput } from "~/server/services/pagination";
import { startRunBody, startWorkflowRun } from "~/server/services/workflows";
import { apiRoute, readBody } from "../../../_lib/route";

/** Starts a run with `{input, testMode?}`; the trigger is `{body: input}`. Answers 202 `{runId}`. */
export const POST = apiRoute<{ slug: string }>("editor", async ({ request, caller, params, s }) => {
  const body = parseInput(startRunBody, await readBody(request, s));
  return Response.json(await startWorkflowRun(s, caller.workspaceId, params.slug, body, caller.member?.id ?? null), {
    status: 202,
  });
});
