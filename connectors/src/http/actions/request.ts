import { z } from "zod";
import { defineAction } from "../../sdk/define";

export const request = defineAction({
  name: "request",
  title: "HTTP request",
  description: "Send an HTTP request and return the response status, headers and body.",
  props: z.object({
    url: z.url({ protocol: /^https?$/ }),
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]).default("GET"),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.unknown().optional(),
    timeoutMs: z.number().int().positive().max(300_000).default(30_000),
  }),
  output: z.object({
    status: z.number(),
    headers: z.record(z.string(), z.string()),
    body: z.unknown(),
  }),
  sampleOutput: { status: 200, headers: { "content-type": "application/json" }, body: { ok: true } },
  async run({ props, http, idempotencyKey, signal }) {
    const res = await http.request({
      method: props.method,
      url: props.url,
      headers: props.headers,
      body: props.body,
      idempotencyKey,
      signal,
      timeoutMs: props.timeoutMs,
      // The step's own retry policy retries (and honours Retry-After through the engine).
      retries: 0,
    });
    return { status: res.status, headers: res.headers, body: res.body };
  },
});
