// One run's trace, exported over OTLP/HTTP (JSON) to a local receiver: the request's span, the
// Temporal start, the workflow, its activities and the connector's outgoing request, one trace.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { trace } from "@opentelemetry/api";
import { prepareWorkflow, testTemporalConfig, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectEngine, type EngineClient } from "../client";
import { bundleInterpreter } from "../worker";
import { startTracing, type Tracing } from "./tracing";

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}
const exported: ExportedSpan[] = [];
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (d: Buffer) => (body += d));
  req.on("end", () => {
    const { resourceSpans } = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: ExportedSpan[] }[] }[] };
    exported.push(...resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});

let tracing: Tracing;
let code: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  tracing = startTracing("switchyard-test", `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/traces`);
  ({ code } = await bundleInterpreter({ traced: true }));
});
afterAll(() => new Promise((resolve) => receiver.close(resolve)));

const t = useTestDatabase();
const h = useEngine(t, "tracing", { tracing: () => tracing, workflowBundle: () => ({ code }) });
let traced: EngineClient;
beforeAll(async () => (traced = await connectEngine({ ...testTemporalConfig(h.taskQueue), traced: true })));
afterAll(() => traced.close());

describe("tracing", () => {
  it("exports a run's spans, from the request that started it to the step's HTTP call, as one trace", async () => {
    h.sink.on("/traced", { echo: true });
    const wf = await prepareWorkflow(t.db, traced, {
      steps: [{ id: "call", uses: "http.request", with: { url: `${h.sink.url}/traced`, method: "POST" } }],
    });
    const runId = await trace.getTracer("test").startActiveSpan("POST /hooks/:token", async (span) => {
      try {
        return await wf.start();
      } finally {
        span.end();
      }
    });
    expect((await wf.finish(runId)).status).toBe("succeeded");
    await tracing.shutdown();

    const root = exported.find((s) => s.name === "POST /hooks/:token" && !s.parentSpanId);
    expect(root).toBeDefined();
    const names = exported.filter((s) => s.traceId === root!.traceId).map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^StartWorkflow:/),
        expect.stringMatching(/^RunWorkflow:/),
        "RunActivity:executeStep",
        "HTTP POST",
      ]),
    );
  });
});
