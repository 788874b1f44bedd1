import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { displayUrl } from "../../sdk/errors";
import { sendRequest } from "../client";

/** What the shared client makes of a body: JSON when the content type says so, otherwise text. */
const jsonOrText = z
  .json()
  .describe(
    "The parsed JSON when the response says it is JSON (null when empty; invalid JSON fails the step as malformed), " +
      "otherwise the text",
  );

export const request = defineAction({
  name: "request",
  effect: ({ method }) => (method === undefined || method === "GET" || method === "HEAD" ? "read" : "write"),
  title: "HTTP request",
  description: "Send an HTTP request and return the response status, headers and body.",
  props: z.object({
    url: z.url({ protocol: /^https?$/ }),
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]).default("GET"),
    headers: z
      .record(z.string(), z.string())
      .default({})
      .describe(
        "Sent as given (e.g. Authorization); the values of credential headers " +
          "(Authorization, Cookie, or a name with key, token, secret or password) never appear in error messages",
      ),
    body: z.unknown().optional(),
    timeoutMs: z.number().int().positive().max(300_000).default(30_000),
  }),
  output: z.object({
    status: z.number().int().describe("The final status, after redirects; 4xx and 5xx fail the step instead"),
    headers: z.record(z.string(), z.string()),
    body: jsonOrText,
  }),
  sampleOutput: { status: 200, headers: { "content-type": "application/json" }, body: { ok: true } },
  // No query string: API keys live there, and a preview is shown and stored widely.
  describe: ({ method, url }) => `${method} ${displayUrl(url)}`,
  async run({ props, http, idempotencyKey, signal }) {
    const res = await sendRequest<z.infer<typeof jsonOrText>>(http, {
      method: props.method,
      url: props.url,
      headers: props.headers,
      body: props.body,
      idempotencyKey,
      signal,
      timeoutMs: props.timeoutMs,
    });
    return { status: res.status, headers: res.headers, body: res.body };
  },
});
