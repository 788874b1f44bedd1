import type { Logger } from "@switchyard/connectors";
import type { Db } from "@switchyard/db";
import { repeatSweep, type SweepOptions } from "../repeat";
import { eventBodyTextSql, eventWrapsBodySql } from "./body-sql";

export interface RetentionOptions {
  /** Bodies of events received longer ago than this are removed. */
  retentionMs: number;
  /** Events per statement: a bounded transaction and lock set, however large the backlog. */
  batchSize: number;
  /** Injected in tests. */
  now?: () => Date;
}

/**
 * Removes the bodies of up to `batchSize` events older than the retention, oldest first, and
 * answers how many. The row stays (metadata, size, the link from its runs): a webhook's payload
 * keeps its method, headers and query, any other's becomes `{}`. An event whose run has not
 * ended keeps its body, which the run may still need to start. Concurrent sweeps (several
 * workers) skip each other's rows.
 */
export async function removeExpiredEventBodies(
  db: Db,
  { retentionMs, batchSize, now = () => new Date() }: RetentionOptions,
): Promise<number> {
  const at = now();
  const cutoff = new Date(at.getTime() - retentionMs);
  return db.$executeRaw`
    WITH doomed AS (
      SELECT e.id, ${eventWrapsBodySql} AS wraps, octet_length(${eventBodyTextSql}) AS bytes
      FROM "Event" e LEFT JOIN "Event" o ON o.id = e."replayOfId"
      WHERE e."receivedAt" < ${cutoff}::timestamp(3) AND e."bodyDeletedAt" IS NULL
        AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r."eventId" = e.id AND r.status IN ('queued', 'running'))
      ORDER BY e."receivedAt", e.id
      LIMIT ${batchSize}
      FOR UPDATE OF e SKIP LOCKED
    )
    UPDATE "Event" e
    SET payload = CASE WHEN d.wraps THEN e.payload - 'body' ELSE '{}'::jsonb END,
        "bodyBytes" = d.bytes,
        "bodyDeletedAt" = ${at}::timestamp(3)
    FROM doomed d
    WHERE e.id = d.id`;
}

/** Sweeps every `intervalMs`, batch after batch until one comes back short; answers a function that stops it. */
export function startEventRetention(
  db: Db,
  logger: Logger,
  options: RetentionOptions & SweepOptions,
): () => Promise<void> {
  return repeatSweep(logger, { name: "retention", what: "old event bodies" }, options, () =>
    removeExpiredEventBodies(db, options),
  );
}
