import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { HttpError } from "../../sdk/errors";

const MAX_ERROR_BODY = 500;

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
  async run({ props, idempotencyKey, signal }) {
    const headers = new Headers(props.headers);
    headers.set("idempotency-key", idempotencyKey);
    let body: string | undefined;
    if (props.body !== undefined && props.method !== "GET" && props.method !== "HEAD") {
      if (typeof props.body === "string") body = props.body;
      else {
        body = JSON.stringify(props.body);
        if (!headers.has("content-type")) headers.set("content-type", "application/json");
      }
    }
    const res = await fetch(props.url, {
      method: props.method,
      headers,
      body,
      signal: AbortSignal.any([signal, AbortSignal.timeout(props.timeoutMs)]),
    });
    const text = await res.text();
    const contentType = res.headers.get("content-type") ?? "";
    if (!res.ok) {
      throw new HttpError(res.status, text.slice(0, MAX_ERROR_BODY), res.headers.get("x-request-id") ?? undefined, props.url);
    }
    let parsed: unknown = text;
    if (contentType.includes("json") && text) parsed = JSON.parse(text);
    return { status: res.status, headers: Object.fromEntries(res.headers), body: parsed };
  },
});
