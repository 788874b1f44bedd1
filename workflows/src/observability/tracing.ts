// The worker's OpenTelemetry tracing: spans of activities, and of workflows through a traced bundle.
import { createRequire } from "node:module";
import type { ActivityInterceptorsFactory, WorkerOptions } from "@temporalio/worker";
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from "@temporalio/interceptors-opentelemetry";
import { startTracerProvider } from "./tracer-provider";

/** The module the workflow bundle takes as its interceptors when traced (workflowInterceptorModules). */
export const workflowTracingModule = createRequire(import.meta.url).resolve(
  "@temporalio/interceptors-opentelemetry/lib/workflow-interceptors",
);

export interface Tracing {
  /** Activity spans, children of the workflow's; for Worker.create's interceptors. */
  activityInterceptor: ActivityInterceptorsFactory;
  /** Where the workflow sandbox hands its spans (the bundle's interceptors call it). */
  sinks: WorkerOptions["sinks"];
  /** Sends what is buffered, then stops. */
  shutdown(): Promise<void>;
}

/** The worker's tracing: the process's tracer provider, and what the Temporal worker needs of it. */
export function startTracing(serviceName: string, url?: string): Tracing {
  const { resource, processor, provider } = startTracerProvider(serviceName, url);
  return {
    activityInterceptor: (ctx) => ({
      inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
      outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
    }),
    sinks: { exporter: makeWorkflowExporter(processor, resource) },
    shutdown: () => provider.shutdown(),
  };
}
