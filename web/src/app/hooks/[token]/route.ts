import { SpanKind } from "@opentelemetry/api";
import { inSpan } from "@switchyard/connectors";
import { services } from "~/server/context";
import { handle } from "~/server/http/errors";
import { hookMethods, receiveHook } from "~/server/services/hooks";

/**
 * 202 with the run it started; 200 with the first run for a repeat of an Idempotency-Key (24 h);
 * a sync webhook's run's answer.
 * Every method comes here; the workflow's trigger says which it takes (default POST, else 405).
 */
const receive = handle(async (request: Request, { params }: { params: Promise<{ token: string }> }) => {
  const { token } = await params;
  // Next routes HEAD to the GET handler: answered as a taken GET would be, without a run.
  if (request.method === "HEAD") {
    const allow = await hookMethods(services(), token);
    return new Response(null, { status: allow.includes("GET") ? 200 : 405, headers: { allow: allow.join(", ") } });
  }
  // The run's trace starts here; no-op unless tracing is on (instrumentation.ts).
  return inSpan("webhook", { kind: SpanKind.SERVER, attributes: { "http.request.method": request.method } }, () =>
    receiveHook(services(), token, request),
  );
});

/** The methods this URL takes (Next's own answer would list every handler's). */
export const OPTIONS = handle(async (_request: Request, { params }: { params: Promise<{ token: string }> }) => {
  const allow = await hookMethods(services(), (await params).token);
  return new Response(null, { status: 204, headers: { allow: allow.join(", ") } });
});

export { receive as GET, receive as POST, receive as PUT, receive as PATCH, receive as DELETE };
