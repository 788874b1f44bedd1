import { z } from "zod";

/**
 * Runs only when asked: from the API, the CLI or the UI. `input` is a JSON Schema (draft 2020-12)
 * each run's input is held to; it is checked in full at save (input-schema.ts), not here, since
 * this schema is also read inside the workflow sandbox.
 */
export const manualTriggerSchema = z
  .object({
    type: z.literal("manual"),
    input: z
      .record(z.string(), z.unknown(), {
        error:
          'input must be a JSON Schema object, e.g. {"type": "object", "properties": {"email": {"type": "string"}}}',
      })
      .optional(),
  })
  .strict();

export type ManualTrigger = z.infer<typeof manualTriggerSchema>;
