import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { inSpan } from "../span";

/**
 * Runs `send` (every retry of one request) in a client span named by the method. Only the method
 * and host are recorded: paths and queries may carry tokens. No trace header goes out to the API.
 */
export function traced<T extends { status: number }>(method: string, url: string, send: () => Promise<T>): Promise<T> {
  const host = URL.canParse(url) ? new URL(url).host : "invalid";
  const attributes = { "http.request.method": method, "server.address": host };
  return inSpan(`HTTP ${method}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    const res = await send();
    span.setAttribute("http.response.status_code", res.status);
    if (res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    return res;
  });
}
