import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { ANSWER_STATUS, HTTP_HEADER_NAME, isAnswerHeader } from "../../sdk/http-names";

/** Answers a sync webhook (`mode: "sync"`) as soon as it runs; the rest of the run goes on. */
export const respond = defineAction({
  name: "respond",
  effect: "write",
  title: "Respond to webhook",
  description:
    "Answer the request that started this run, when its webhook is in sync mode: the status, headers and body " +
    "(an object is sent as JSON). The answer goes out as soon as this step runs; the rest of the run continues. " +
    "Only the first response of a run is sent.",
  props: z.object({
    status: z.number().int().min(ANSWER_STATUS.min).max(ANSWER_STATUS.max).default(200),
    headers: z
      .record(
        z
          .string()
          .regex(HTTP_HEADER_NAME, "a header name is a token: letters, digits and !#$%&'*+.^_`|~-")
          .refine(
            isAnswerHeader,
            "an answer may set Content-Type, Cache-Control, Content-Disposition, Content-Language, ETag, Expires, Last-Modified, Retry-After, Vary and its own X- headers; it is served from Switchyard's origin",
          ),
        z.string().max(4096),
      )
      .default({}),
    body: z.unknown().optional(),
  }),
  output: z.object({ status: z.number(), headers: z.record(z.string(), z.string()), body: z.unknown() }),
  sampleOutput: { status: 200, headers: {}, body: { ok: true } },
});
