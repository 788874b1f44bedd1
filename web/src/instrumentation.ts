import type { env as appEnv } from "~/env";

type Env = typeof appEnv;

/**
 * Next's start hook, once as `next start` (or `next dev`) starts: a misconfigured server stops here,
 * naming the variable; then tracing when OTLP is configured (OTEL_EXPORTER_OTLP_ENDPOINT), else none at all.
 */
export async function register(): Promise<void> {
  // eslint-disable-next-line no-restricted-properties -- Next's own variable, naming the runtime this hook runs in
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const env = await checkedEnv();
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return;
  const { startTracerProvider } = await import("@switchyard/workflows/engine");
  startTracerProvider("switchyard-web");
}

async function checkedEnv(): Promise<Env> {
  try {
    // Importing env.ts parses the environment; checkStartEnv adds what production requires.
    const loaded = await import("~/env");
    loaded.checkStartEnv();
    return loaded.env;
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
