// OpenTelemetry tracing, exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set and off
// otherwise: without a registered provider, @opentelemetry/api's spans are no-ops.
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { Resource } from "@opentelemetry/resources";
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { scrubbingExporter } from "./span-scrub";

/**
 * Registers this process's tracer provider (AsyncLocalStorage context, W3C propagation). `url`
 * is the OTLP/HTTP traces URL; without it the exporter reads the OTEL_EXPORTER_OTLP_* variables.
 * Every span is scrubbed on its way out (span-scrub.ts).
 */
export function startTracerProvider(serviceName: string, url?: string) {
  const resource = new Resource({ "service.name": serviceName });
  const processor = new BatchSpanProcessor(scrubbingExporter(new OTLPTraceExporter(url ? { url } : {})));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  return { resource, processor, provider };
}
