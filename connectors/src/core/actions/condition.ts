import { z } from "zod";
import { defineAction } from "../../sdk/define";

export const condition = defineAction({
  name: "condition",
  effect: "compute",
  title: "Condition",
  description: "Evaluate a condition and output `{ result }`; use it in later steps' `if`.",
  props: z.object({ condition: z.unknown() }),
  output: z.object({ result: z.boolean() }),
  sampleOutput: { result: true },
});

export const filter = defineAction({
  name: "filter",
  effect: "compute",
  title: "Filter",
  description:
    "Continue only when the condition is truthy; otherwise every step after it is skipped (reason: condition).",
  props: z.object({ condition: z.unknown() }),
  output: z.object({ passed: z.boolean() }),
  sampleOutput: { passed: true },
});
