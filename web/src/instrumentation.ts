/** Next's start hook: tracing when OTLP is configured (OTEL_EXPORTER_OTLP_ENDPOINT), else none at all. */
export async function register(): Promise<void> {
  // eslint-disable-next-line no-restricted-properties -- Next's own variable, naming the runtime this hook runs in
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("~/env");
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return;
  const { startTracerProvider } = await import("@switchyard/workflows/engine");
  startTracerProvider("switchyard-web");
}
