// What leaves the process in a trace: spans are tenants' requests and runs, so URLs lose what may be
// a credential (a webhook's token, an approval link's token, an OAuth callback's code) and failures
// keep their kind but not their message, which may quote an API's answer or a step's data.
import type { Attributes } from "@opentelemetry/api";
import type { ReadableSpan, SpanExporter, TimedEvent } from "@opentelemetry/sdk-trace-base";

/** Attributes holding a request's URL or part of it (old and current semantic conventions; Next sets http.target). */
const URL_ATTRIBUTES = new Set(["http.target", "http.url", "url.full", "url.path", "url.query"]);

/**
 * A path segment kept as it is: a short word of the route (`api`, `v1`, `hooks`, `runs.byId`) or a
 * route's placeholder (`:token`, `[token]`); anything else may be an id or a token. Short: our tokens
 * are 32 characters or more, and a random one may happen to be all letters.
 */
const ROUTE_WORD = /^[a-z][a-z._,-]{0,14}[0-9]?$/i;
const PLACEHOLDER = /^(:[a-z]+|\[[a-z]+\])$/i;

/** Route words whose next segment is a credential, whatever it looks like (webhooks', approval mails' links). */
const BEFORE_TOKEN = new Set(["hooks", "email"]);

function scrubSegment(segment: string, previous: string | undefined): string {
  if (segment === "" || PLACEHOLDER.test(segment)) return segment;
  return ROUTE_WORD.test(segment) && !BEFORE_TOKEN.has(previous ?? "") ? segment : ":id";
}

const scrubPath = (path: string) =>
  path
    .split("/")
    .map((segment, i, all) => scrubSegment(segment, all[i - 1]))
    .join("/");

/** A URL or path with its ids and tokens replaced and its query dropped (`?…` says it had one). */
export function scrubUrl(value: string): string {
  const query = value.includes("?") ? "?…" : "";
  const beforeQuery = value.split(/[?#]/, 1)[0]!;
  if (beforeQuery.startsWith("/")) return scrubPath(beforeQuery) + query;
  try {
    const url = new URL(beforeQuery);
    return url.origin + scrubPath(url.pathname) + query;
  } catch {
    return ":url";
  }
}

/** "GET /hooks/abc…" (a server span named for its request) → "GET /hooks/:id". */
const scrubName = (name: string) =>
  name.replace(/^([A-Z]+ )(\/\S*)$/, (_, method: string, path: string) => method + scrubUrl(path));

function scrubAttributes(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes))
    out[key] = URL_ATTRIBUTES.has(key) && typeof value === "string" ? scrubUrl(value) : value;
  return out;
}

/** An exception event keeps its type; its message and stack (which starts with the message) go. */
const scrubEvent = (event: TimedEvent): TimedEvent =>
  event.name === "exception"
    ? { ...event, attributes: { "exception.type": event.attributes?.["exception.type"] ?? "Error" } }
    : event;

function scrubSpan(span: ReadableSpan): ReadableSpan {
  // Everything else (the span's context, parent, times, resource) is read through the original.
  return Object.create(span, {
    name: { value: scrubName(span.name) },
    attributes: { value: scrubAttributes(span.attributes) },
    events: { value: span.events.map(scrubEvent) },
    status: { value: { code: span.status.code } },
  }) as ReadableSpan;
}

/** Wraps the exporter so that only scrubbed spans reach it, whoever made them (Next, Temporal's interceptors, ours). */
export function scrubbingExporter(inner: SpanExporter): SpanExporter {
  return {
    export: (spans, done) => inner.export(spans.map(scrubSpan), done),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}
