import { z } from "zod";
import { defineAction } from "../../sdk/define";

export const delay = defineAction({
  name: "delay",
  effect: "write",
  title: "Delay",
  description: "Wait on a durable timer: it survives worker restarts and costs nothing while waiting.",
  props: z.object({
    duration: z.union([
      z.number().int().positive(),
      z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/, 'duration must look like "30s", "5m", "2h" or "1d"'),
    ]),
  }),
  output: z.object({ waitedMs: z.number() }),
  sampleOutput: { waitedMs: 30_000 },
});
