import type { Logger } from "@switchyard/connectors";
import type { Db } from "@switchyard/db";
import { repeat } from "../repeat";
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

export interface RetentionLoopOptions extends RetentionOptions {
  /** How often a sweep starts. */
  intervalMs: number;
  /** Between two batches of one sweep, so a large backlog never holds the database for long. */
  pauseMs: number;
}

/** Sweeps every `intervalMs`, batch after batch until one comes back short; answers a function that stops it. */
export function startEventRetention(db: Db, logger: Logger, options: RetentionLoopOptions): () => Promise<void> {
  const pause = () => new Promise((resolve) => setTimeout(resolve, options.pauseMs));
  const sweep = async (stopped: () => boolean) => {
    let removed = 0;
    try {
      for (;;) {
        const batch = await removeExpiredEventBodies(db, options);
        removed += batch;
        if (batch < options.batchSize || stopped()) break;
        await pause();
        if (stopped()) break;
      }
      if (removed) logger.info("retention removed old event bodies", { count: removed });
    } catch (err) {
      logger.warn("retention sweep failed; will try again", {
        removed,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    return options.intervalMs;
  };
  // Not at once: a worker starting (or restarting in a loop) leaves the database to its runs first.
  return repeat(Math.min(options.intervalMs, 60_000), sweep);
}
