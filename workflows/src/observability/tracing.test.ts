// One run's trace, exported over OTLP/HTTP (JSON) to a local receiver: the request's span, the
// Temporal start, the workflow, its activities and the connector's outgoing request, one trace.
import { trace } from "@opentelemetry/api";
import {
  prepareWorkflow,
  startOtlpReceiver,
  testTemporalConfig,
  useEngine,
  useTestDatabase,
  type OtlpReceiver,
} from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectEngine, type EngineClient } from "../client";
import { bundleInterpreter } from "../worker";
import { startTracing, type Tracing } from "./tracing";

let receiver: OtlpReceiver;
let tracing: Tracing;
let code: string;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
  tracing = startTracing("switchyard-test", receiver.url);
  ({ code } = await bundleInterpreter({ traced: true }));
});
afterAll(() => receiver.close());

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

    const root = receiver.spans.find((s) => s.name === "POST /hooks/:token" && !s.parentSpanId);
    expect(root).toBeDefined();
    const names = receiver.spans.filter((s) => s.traceId === root!.traceId).map((s) => s.name);
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
