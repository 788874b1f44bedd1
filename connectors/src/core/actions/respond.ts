import { z } from "zod";
import { defineAction } from "../../sdk/define";

/** Answers a sync webhook (`mode: "sync"`) as soon as it runs; the rest of the run goes on. */
export const respond = defineAction({
  name: "respond",
  title: "Respond to webhook",
  description:
    "Answer the request that started this run, when its webhook is in sync mode: the status, headers and body " +
    "(an object is sent as JSON). The answer goes out as soon as this step runs; the rest of the run continues. " +
    "Only the first response of a run is sent.",
  props: z.object({
    status: z.number().int().min(200).max(599).default(200),
    headers: z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/), z.string().max(4096)).default({}),
    body: z.unknown().optional(),
  }),
  output: z.object({ status: z.number(), headers: z.record(z.string(), z.string()), body: z.unknown() }),
  sampleOutput: { status: 200, headers: {}, body: { ok: true } },
});
