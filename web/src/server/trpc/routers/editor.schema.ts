import { z } from "zod";

export const samplesInput = z.object({
  slug: z.string().min(1),
  /** A run of this workflow whose outputs to use; else its latest finished run. */
  runId: z.string().min(1).optional(),
});

/** An unsaved definition, checked as the save would check it. */
export const validateInput = z.object({ definition: z.unknown() });
