import { forgetStepMemory, type StepMemoryKind } from "~/server/services/step-memory";
import { apiRoute } from "./route";

/** `POST /workflows/<slug>/steps/<stepId>/cache/clear` and `/incremental/reset`. */
export const forgetRoute = (kind: StepMemoryKind) =>
  apiRoute<{ slug: string; stepId: string }>("editor", async ({ caller, params, s }) =>
    Response.json(await forgetStepMemory(s.db, caller, params.slug, params.stepId, kind)),
  );
