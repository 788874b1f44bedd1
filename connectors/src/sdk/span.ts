// Spans through @opentelemetry/api only: no-ops unless the process registered a tracer provider
// (the worker and web do when OTLP is configured).
import { SpanStatusCode, trace, type Span, type SpanOptions } from "@opentelemetry/api";

const tracer = trace.getTracer("switchyard");

/** Runs `fn` in an active span; a throw marks it failed, by the error's name only (messages may quote data). */
export function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, options, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : "error" });
      throw err;
    } finally {
      span.end();
    }
  });
}
