import { Prisma, type Db } from "@switchyard/db";
import { eventBodyTextSql, eventWrapsBodySql, wrapsBody } from "@switchyard/workflows/engine";
import { authHeaders, type WebhookAuthShape } from "@switchyard/workflows/definition";
import { ApiError } from "../http/errors";
import { redactedHeaders } from "../http/headers";
import type { ListEventsQuery } from "./event-history.schema";
import { decodeCursor, encodeCursor, type Page } from "./pagination";
import { iso } from "./runs";
import { refusalsOf, type RefusalCount } from "./webhook-refusals";
import { workflowIdOf } from "./workflows";

/** A list shows this much of each body; the whole one is a call away (getEvent). */
export const PREVIEW_BYTES = 4096;

export interface EventSummary {
  id: string;
  workflow: string;
  /** webhook, api, schedule, replay, or the app trigger's operation (github.onPush). */
  source: string;
  receivedAt: string;
  /** A webhook's method and headers (credentials and signatures redacted); null for other sources. */
  method: string | null;
  headers: Record<string, string> | null;
  /** The body's first 4 KB as stored (JSON text, or the string itself), cut on a character; null once removed. */
  bodyPreview: string | null;
  /** The stored body's size in bytes, also once removed. */
  bodyBytes: number;
  truncated: boolean;
  /** "base64" for a webhook body that was not text. */
  bodyEncoding: string | null;
  /** When retention removed the body (the event can no longer be replayed). */
  bodyDeletedAt: string | null;
  /** "none" or "verified" for deliveries; null for events without a sender. */
  verification: string | null;
  idempotencyKey: string | null;
  /** The run the event started (not its re-runs). */
  run: { id: string; status: string } | null;
  /** The event a replay copies. */
  replayOf: string | null;
}

export interface EventDetail extends EventSummary {
  /** The whole body as stored; null once removed. */
  body: unknown;
  query: Record<string, string> | null;
  /** Every run of the event: the one it started, then its re-runs. */
  runs: { id: string; status: string; source: string; createdAt: string }[];
}

interface EventRow {
  id: string;
  workflow: string;
  source: string;
  receivedAt: Date;
  dedupeKey: string | null;
  verification: string | null;
  replayOfId: string | null;
  originSource: string | null;
  bodyDeletedAt: Date | null;
  runId: string | null;
  runStatus: string | null;
  method: string | null;
  headers: Record<string, unknown> | null;
  bodyEncoding: string | null;
  head: string | null;
  bodyBytes: number | null;
  /** The auth of each of the workflow's versions that had one. */
  auth: unknown;
}

/**
 * Events of a workspace newest first, each with what a list shows. Bodies are measured and cut in
 * the database: a page never carries whole bodies. `extra` narrows it (filters, the cursor).
 */
function queryEvents(db: Db, workspaceId: string, extra: Prisma.Sql[], take: number) {
  return db.$queryRaw<EventRow[]>`
    SELECT e.id, w.slug AS workflow, e.source, e."receivedAt", e."dedupeKey", e.verification, e."replayOfId",
           o.source AS "originSource", e."bodyDeletedAt", run.id AS "runId", run.status AS "runStatus",
           CASE WHEN ${eventWrapsBodySql} THEN e.payload ->> 'method' END AS method,
           CASE WHEN ${eventWrapsBodySql} THEN e.payload -> 'headers' END AS headers,
           CASE WHEN ${eventWrapsBodySql} THEN e.payload ->> 'bodyEncoding' END AS "bodyEncoding",
           left(b.text, ${PREVIEW_BYTES}) AS head,
           COALESCE(e."bodyBytes", octet_length(b.text), 0) AS "bodyBytes",
           -- Every version's auth: a header any of them checked is a secret in every event.
           (SELECT jsonb_agg(wv.definition #> '{trigger,auth}') FROM "WorkflowVersion" wv
            WHERE wv."workflowId" = e."workflowId" AND wv.definition #> '{trigger,auth}' IS NOT NULL) AS auth
    FROM "Event" e
    JOIN "Workflow" w ON w.id = e."workflowId"
    LEFT JOIN "Event" o ON o.id = e."replayOfId"
    CROSS JOIN LATERAL (SELECT ${eventBodyTextSql} AS text) b
    LEFT JOIN LATERAL (
      SELECT r.id, r.status::text AS status FROM "Run" r
      WHERE r."eventId" = e.id AND r.source <> 'rerun'
      ORDER BY r."createdAt" LIMIT 1
    ) run ON true
    WHERE e."workspaceId" = ${workspaceId} ${Prisma.join([Prisma.empty, ...extra], " AND ")}
    ORDER BY e."receivedAt" DESC, e.id DESC
    LIMIT ${take}`;
}

/** The narrowing SQL for a list query. */
function filtersOf(query: ListEventsQuery, workflowId: string | undefined): Prisma.Sql[] {
  const filters: Prisma.Sql[] = [];
  if (workflowId) filters.push(Prisma.sql`e."workflowId" = ${workflowId}`);
  if (query.source) filters.push(Prisma.sql`e.source = ${query.source}`);
  if (query.status === "none") filters.push(Prisma.sql`run.id IS NULL`);
  else if (query.status) filters.push(Prisma.sql`run.status = ${query.status}`);
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    filters.push(Prisma.sql`(e."receivedAt", e.id) < (${after.createdAt}::timestamp(3), ${after.id})`);
  }
  return filters;
}

/** Cut on a character boundary: a preview is always valid UTF-8. */
function previewOf(head: string): string {
  const bytes = Buffer.from(head);
  if (bytes.length <= PREVIEW_BYTES) return head;
  let end = PREVIEW_BYTES;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8");
}

/** The headers a workflow's current webhook auth reads: redacted in every event shown, whatever their names. */
const authNames = (auths: unknown): Set<string> =>
  new Set((Array.isArray(auths) ? auths : []).flatMap((auth) => authHeaders(auth as WebhookAuthShape)));

function summaryOf(row: EventRow): EventSummary {
  return {
    id: row.id,
    workflow: row.workflow,
    source: row.source,
    receivedAt: row.receivedAt.toISOString(),
    method: row.method,
    headers: row.headers ? redactedHeaders(row.headers, authNames(row.auth)) : null,
    bodyPreview: row.head === null ? null : previewOf(row.head),
    bodyBytes: row.bodyBytes ?? 0,
    truncated: (row.bodyBytes ?? 0) > PREVIEW_BYTES,
    bodyEncoding: row.bodyEncoding,
    bodyDeletedAt: iso(row.bodyDeletedAt),
    verification: row.verification,
    idempotencyKey: row.dedupeKey?.startsWith("idem:") ? row.dedupeKey.slice("idem:".length) : null,
    run: row.runId ? { id: row.runId, status: row.runStatus! } : null,
    replayOf: row.replayOfId,
  };
}

/**
 * `GET /api/v1/events`: newest first, with an opaque cursor; an unknown workflow is a 404. Filtered by
 * a workflow, it also answers what its webhook refused (`refusals`), so a misconfigured sender shows.
 */
export async function listEvents(
  db: Db,
  workspaceId: string,
  query: ListEventsQuery,
): Promise<Page<EventSummary> & { refusals?: RefusalCount[] }> {
  const workflowId = query.workflow ? await workflowIdOf(db, workspaceId, query.workflow) : undefined;
  const rows = await queryEvents(db, workspaceId, filtersOf(query, workflowId), query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(summaryOf),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAt: last.receivedAt, id: last.id }) : null,
    ...(workflowId ? { refusals: await refusalsOf(db, workflowId) } : {}),
  };
}

/** `GET /api/v1/events/<id>`: the summary plus the whole body, the query and every run; another workspace's is a 404. */
export async function getEvent(db: Db, workspaceId: string, eventId: string): Promise<EventDetail> {
  const notFound = () => new ApiError(404, "not_found", `No event ${eventId} in this workspace.`);
  const [row] = await queryEvents(db, workspaceId, [Prisma.sql`e.id = ${eventId}`], 1);
  if (!row) throw notFound();
  const stored = await db.event.findUnique({
    where: { id: eventId },
    select: {
      payload: true,
      runs: { orderBy: { createdAt: "asc" }, select: { id: true, status: true, source: true, createdAt: true } },
    },
  });
  // Run retention may have deleted it between the two reads.
  if (!stored) throw notFound();
  const { payload, runs } = stored;
  const wraps = wrapsBody(row.source, row.originSource);
  const envelope = payload as { body?: unknown; query?: Record<string, string> };
  return {
    ...summaryOf(row),
    body: row.bodyDeletedAt ? null : wraps ? (envelope.body ?? null) : payload,
    // Stored redacted like the headers; a parameter the workflow's auth names is redacted here too.
    query: wraps && envelope.query ? redactedHeaders(envelope.query, authNames(row.auth)) : null,
    runs: runs.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  };
}

/** Whether the event is this workspace's: its page is a 404 otherwise, like a missing one. */
export async function eventInWorkspace(db: Db, workspaceId: string, eventId: string): Promise<boolean> {
  return (await db.event.count({ where: { id: eventId, workspaceId } })) > 0;
}
