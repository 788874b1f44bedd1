import { applyWorkflow, getWorkflow } from "~/server/services/workflows";
import { apiRoute, readBody } from "../../_lib/route";

type Params = { slug: string };

export const GET = apiRoute<Params>("viewer", async ({ caller, params, s }) =>
  Response.json(await getWorkflow(s.db, caller.workspaceId, params.slug)),
);

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
