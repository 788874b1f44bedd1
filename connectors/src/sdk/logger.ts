import { pino, stdTimeFunctions, type DestinationStream } from "pino";
import type { Logger } from "./define";

/**
 * Keys whose values are never written: credentials, and a step's data (its inputs, outputs and
 * Temporal payloads), which may hold anything a user sends through it. Matched at any of a line's
 * first three levels, in the spellings callers use.
 */
const NEVER_WRITTEN = [
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  "token",
  "accessToken",
  "refreshToken",
  "secret",
  "clientSecret",
  "password",
  "apiKey",
  "credentials",
  "input",
  "with",
  "output",
  "payload",
  "payloads",
];
export const REDACTED_PATHS = NEVER_WRITTEN.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export interface LoggerOptions {
  /** Where lines go (default: stdout); tests pass a stream to read them. */
  destination?: DestinationStream;
  /** The lowest level written (default: info). */
  level?: "debug" | "info" | "warn" | "error";
}

/**
 * JSON lines (pino) with `time`, `level`, `component` and `message`, then the line's fields.
 * Credential-like keys and step data are written as "[redacted]" (REDACTED_PATHS).
 */
export function createLogger(
  component: string,
  base: Record<string, unknown> = {},
  options: LoggerOptions = {},
): Logger {
  const log = pino(
    {
      level: options.level ?? "info",
      base: { component, ...base },
      messageKey: "message",
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    options.destination,
  );
  return {
    info: (m, f) => log.info(f ?? {}, m),
    warn: (m, f) => log.warn(f ?? {}, m),
    error: (m, f) => log.error(f ?? {}, m),
  };
}
