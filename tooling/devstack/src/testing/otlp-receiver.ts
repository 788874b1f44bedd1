import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A span as OTLP/HTTP's JSON encoding carries it (the fields tests read). */
export interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
  events?: { name: string; attributes?: { key: string; value: Record<string, unknown> }[] }[];
  status?: { code?: number; message?: string };
}

export interface OtlpReceiver {
  /** The traces URL to export to (`…/v1/traces`). */
  url: string;
  spans: ExportedSpan[];
  /** Every request body as received, for tests that look for what must not be there. */
  bodies: string[];
  close(): Promise<void>;
}

/** A local OpenTelemetry collector's OTLP/HTTP traces endpoint (JSON), standing in for the real one. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ExportedSpan[] = [];
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d));
    req.on("end", () => {
      bodies.push(body);
      const { resourceSpans } = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: ExportedSpan[] }[] }[] };
      spans.push(...resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`,
    spans,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
