import { Prisma } from "@switchyard/db";

/**
 * Sources whose event payload wraps the body: a webhook's `{method, headers, query, body, bodyEncoding?}`
 * and an API start's `{body}`. Every other event (a polled item, an app event, a schedule fire) is its body.
 */
const ENVELOPE_SOURCES = ["webhook", "api"];

/** Whether an event's payload wraps its body; a replay keeps the shape of the event it copies (`originSource`). */
export const wrapsBody = (source: string, originSource: string | null): boolean =>
  ENVELOPE_SOURCES.includes(originSource ?? source);

/**
 * SQL over an event `e` left-joined with the event it replays as `o`: whether its payload wraps
 * its body, and the body as stored (JSON text; a string body is its own text), null once removed.
 * One definition for the events list and the retention sweep, so both measure the same bytes.
 */
export const eventWrapsBodySql = Prisma.sql`(COALESCE(o.source, e.source) IN (${Prisma.join(ENVELOPE_SOURCES)}))`;

const bodyJson = Prisma.sql`(CASE WHEN ${eventWrapsBodySql} THEN e.payload -> 'body' ELSE e.payload END)`;

export const eventBodyTextSql = Prisma.sql`(CASE WHEN e."bodyDeletedAt" IS NULL THEN
  CASE WHEN jsonb_typeof(${bodyJson}) = 'string' THEN ${bodyJson} #>> '{}' ELSE ${bodyJson}::text END END)`;
