// What a trace carries out of the process, through the real provider and OTLP exporter to a local
// receiver: no token from a URL, no query, no failure's message; the shape of the request stays.
import { SpanStatusCode } from "@opentelemetry/api";
import { startOtlpReceiver, type OtlpReceiver } from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scrubUrl } from "./span-scrub";
import { startTracerProvider } from "./tracer-provider";

const TOKEN = "hk_7Qz2LmW9xYvB4nKp0sRt8uE3";
const SECRET = "sk-live-do-not-export-4242";

let receiver: OtlpReceiver;
beforeAll(async () => (receiver = await startOtlpReceiver()));
afterAll(() => receiver.close());

describe("span scrubbing", () => {
  it("exports a request's route, a failure's kind and status code, and none of the secrets", async () => {
    const { provider } = startTracerProvider("scrub-test", receiver.url);
    const span = provider.getTracer("test").startSpan(`POST /hooks/${TOKEN}`, {
      attributes: {
        "http.method": "POST",
        "http.target": `/hooks/${TOKEN}?code=${SECRET}`,
        "http.url": `https://switchyard.example.com/api/auth/callback/github?code=${SECRET}`,
        "http.status_code": 500,
      },
    });
    span.recordException(new Error(`HTTP 500 from api.example.com: {"apiKey":"${SECRET}"}`));
    span.setStatus({ code: SpanStatusCode.ERROR, message: `failed with ${SECRET}` });
    span.end();
    await provider.shutdown();

    const text = receiver.bodies.join("\n");
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(SECRET);
    const [exported] = receiver.spans;
    expect(exported!.name).toBe("POST /hooks/:id");
    const attribute = (key: string) => exported!.attributes!.find((a) => a.key === key)?.value;
    expect(attribute("http.target")).toEqual({ stringValue: "/hooks/:id?…" });
    expect(attribute("http.url")).toEqual({ stringValue: "https://switchyard.example.com/api/auth/callback/github?…" });
    expect(attribute("http.status_code")).toEqual({ intValue: 500 });
    expect(exported!.status?.code).toBe(SpanStatusCode.ERROR);
    expect(exported!.events).toEqual([
      expect.objectContaining({
        name: "exception",
        attributes: [{ key: "exception.type", value: { stringValue: "Error" } }],
      }),
    ]);
  });

  it.each([
    ["/api/v1/runs/cm3x9k2l10000abcd1234efgh", "/api/v1/runs/:id"],
    ["/api/trpc/runs.byId?batch=1", "/api/trpc/runs.byId?…"],
    ["/approvals/email/eyJhbGciOiJIUzI1NiJ9.eyJhIjoxfQ.c2ln", "/approvals/email/:id"],
    ["/hooks/abcdefghijklmnopqrstuvwxyzABCDEF", "/hooks/:id"],
    ["/hooks/abc", "/hooks/:id"],
    ["/api/v1/workflows/announce/runs", "/api/v1/workflows/announce/runs"],
    ["/hooks/:token", "/hooks/:token"],
    ["/hooks/[token]", "/hooks/[token]"],
    ["not a url", ":url"],
  ])("scrubUrl(%s) is %s", (value, scrubbed) => {
    expect(scrubUrl(value)).toBe(scrubbed);
  });
});
