import { z } from "zod";
import { defineAction } from "../../sdk/define";

export const merge = defineAction({
  name: "merge",
  effect: "compute",
  title: "Merge",
  description:
    "Combine the outputs of the steps it needs: `object` keys them by step id, `concat` joins arrays, " +
    "`first` takes the first parent (in `needs` order) that produced output.",
  props: z.object({ mode: z.enum(["object", "concat", "first"]).default("object") }),
  output: z.unknown(),
  sampleOutput: { a: { ok: true }, b: { ok: true } },
});
