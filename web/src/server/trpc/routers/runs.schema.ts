// The runs procedures' inputs: REST's list query and re-run body, with ids beside them.
import { z } from "zod";
import { rerunBody } from "../../services/runs";

export const runById = z.object({ id: z.string().min(1, "id must be a run id") });
export const rerunInput = runById.extend(rerunBody.shape);

export const stepOfRun = z.object({
  runId: z.string().min(1, "runId must be a run id"),
  stepId: z.string().min(1, "stepId must be a step id"),
});
export const stepPayloadInput = stepOfRun.extend({
  part: z.enum(["input", "output"], { error: "part must be input or output" }),
});
