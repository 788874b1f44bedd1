import type { Logger } from "./define";

/** JSON lines on stdout/stderr; callers must never pass secrets in fields. */
export function createLogger(component: string, base: Record<string, unknown> = {}): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    const line = JSON.stringify({ time: new Date().toISOString(), level, component, message, ...base, ...fields });
    (level === "error" ? console.error : console.log)(line);
  };
  return {
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}
