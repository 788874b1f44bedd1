import { setWorkflowEnabled } from "~/server/services/workflows";
import { apiRoute } from "./route";

/** `POST /workflows/<slug>/enable` and `/disable`. */
export const toggleRoute = (enabled: boolean) =>
  apiRoute<{ slug: string }>("editor", async ({ caller, params, s }) =>
    Response.json(await setWorkflowEnabled(s, caller, params.slug, enabled)),
  );
