import { workflowSavings } from "~/server/services/savings";
import { apiRoute } from "../../../_lib/route";

/** What remembered results saved over the last 7 and 30 days: calls avoided, time saved, cache hits, reused items. */
export const GET = apiRoute<{ slug: string }>("viewer", async ({ caller, params, s }) =>
  Response.json(await workflowSavings(s.db, caller.workspaceId, params.slug)),
);
