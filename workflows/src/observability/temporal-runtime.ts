// The Temporal SDK's process-wide runtime: its log lines go through the worker's logger.
import type { Logger } from "@switchyard/connectors";
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from "@temporalio/common";
import { Runtime } from "@temporalio/worker";
import { inRunContext } from "./run-log-context";

/**
 * The SDK's lines (worker state, activity failures) as the worker's own, below info dropped. Its
 * metadata nests under `temporal`: its `workflowId` is Temporal's (`run-…`), not Switchyard's.
 */
export function temporalLogger(logger: Logger): TemporalLogger {
  const run = inRunContext(logger);
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const fields = meta ? { temporal: meta } : undefined;
    if (level === "ERROR") run.error(message, fields);
    else if (level === "WARN") run.warn(message, fields);
    else if (level === "INFO") run.info(message, fields);
  };
  return {
    log,
    trace: (m, meta) => log("TRACE", m, meta),
    debug: (m, meta) => log("DEBUG", m, meta),
    info: (m, meta) => log("INFO", m, meta),
    warn: (m, meta) => log("WARN", m, meta),
    error: (m, meta) => log("ERROR", m, meta),
  };
}

/**
 * Once per process, before any connection or worker. With `metricsAddress`, the SDK serves its
 * metrics there for the worker's /metrics to append (createMetricsHandler).
 */
export function installTemporalRuntime(logger: Logger, metricsAddress?: string): Runtime {
  return Runtime.install({
    logger: temporalLogger(logger),
    ...(metricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } } : {}),
  });
}
