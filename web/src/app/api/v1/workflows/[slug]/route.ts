import { refusalsOf } from "~/server/services/webhook-refusals";
import { applyWorkflow, getWorkflow } from "~/server/services/workflows";
import { apiRoute, readBody } from "../../_lib/route";

type Params = { slug: string };

/** With what its webhook refused (`refusals`), so a misconfigured sender shows beside its workflow. */
export const GET = apiRoute<Params>("viewer", async ({ caller, params, s }) => {
  const workflow = await getWorkflow(s.db, caller.workspaceId, params.slug);
  return Response.json({ ...workflow, refusals: await refusalsOf(s.db, workflow.id) });
});

/** Body: the definition, as JSON or (Content-Type application/yaml or text/yaml) YAML. */
export const PUT = apiRoute<Params>("editor", async ({ request, caller, params, s }) => {
  const { created, ...result } = await applyWorkflow(
    s,
    caller,
    params.slug,
    await readBody(request, s, { yaml: true }),
  );
  return Response.json(result, { status: created ? 201 : 200 });
});
