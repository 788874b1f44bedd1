import { workflowParallelism } from "~/server/services/parallelism";
import { apiRoute } from "../../../_lib/route";

type Params = { slug: string };

/** Which steps run at once, the critical path, and the edges that only order steps, timed by recent runs. */
export const GET = apiRoute<Params>("viewer", async ({ caller, params, s }) =>
  Response.json(await workflowParallelism(s.db, caller.workspaceId, params.slug)),
);
