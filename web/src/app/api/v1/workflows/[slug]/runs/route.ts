import { z } from "zod";
import { parseInput } from "~/server/services/pagination";
import { startWorkflowRun } from "~/server/services/workflows";
import { apiRoute, readBody } from "../../../_lib/route";

const startBody = z.object({ input: z.unknown().optional() }).strict();

/** Starts a run with `{input}`; the trigger is `{body: input}`. Answers 202 `{runId}`. */
export const POST = apiRoute<{ slug: string }>("editor", async ({ request, caller, params, s }) => {
  const { input } = parseInput(startBody, await readBody(request, s));
  return Response.json(await startWorkflowRun(s, caller.workspaceId, params.slug, input), { status: 202 });
});
