import { parseInput } from "~/server/services/pagination";
import { startRunBody, startWorkflowRun } from "~/server/services/workflow-runs";
import { apiRoute, readBody } from "../../../_lib/route";

/**
 * Starts a run with `{input, testMode?, upTo?, only?, sampleOutputs?}`; the trigger is `{body: input}`.
 * `upTo` runs a step and its ancestors, `only` a step alone on its ancestors' sample outputs. Answers 202 `{runId}`.
 */
export const POST = apiRoute<{ slug: string }>("editor", async ({ request, caller, params, s }) => {
  const body = parseInput(startRunBody, await readBody(request, s));
  return Response.json(await startWorkflowRun(s, caller.workspaceId, params.slug, body, caller.member?.id ?? null), {
    status: 202,
  });
});
