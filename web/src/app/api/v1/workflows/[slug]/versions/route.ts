import { listVersions } from "~/server/services/workflow-versions";
import { apiRoute } from "../../../_lib/route";

/** Every version of the workflow, newest first: number, when, and who saved it. */
export const GET = apiRoute<{ slug: string }>("viewer", async ({ caller, params, s }) =>
  Response.json({ items: await listVersions(s.db, caller.workspaceId, params.slug) }),
);
