import { z } from "zod";
import { defineAction } from "../../sdk/define";

export const transform = defineAction({
  name: "transform",
  effect: "compute",
  title: "Transform data",
  description:
    "Shape data with a JSONata template: the output is `value` after rendering, so `{{ expr }}` keeps its type.",
  props: z.object({ value: z.unknown() }),
  output: z.unknown(),
  sampleOutput: { total: 42 },
});
