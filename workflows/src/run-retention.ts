import type { Logger } from "@switchyard/connectors";
import { Prisma, type Db } from "@switchyard/db";
import { repeatSweep, type SweepOptions } from "./repeat";

export interface RunRetentionOptions {
  /** Runs that ended longer ago than this are deleted. */
  retentionMs: number;
  /** Runs per statement. */
  batchSize: number;
  /** Fan-out items per statement: a run owns one per item, however many. */
  itemsPerStatement?: number;
  /** Injected in tests. */
  now?: () => Date;
}

const ITEMS_PER_STATEMENT = 10_000;

/** The `batchSize` oldest runs that ended before `cutoff` (through the endedAt index). */
const expiredRuns = (cutoff: Date, batchSize: number) => Prisma.sql`
  SELECT id FROM "Run"
  WHERE "endedAt" < ${cutoff}::timestamp(3) AND status NOT IN ('queued', 'running')
  ORDER BY "endedAt", id
  LIMIT ${batchSize}`;

/** Deletes up to `limit` fan-out items of those runs, and answers how many. */
export async function deleteItemsOfExpiredRuns(db: Db, cutoff: Date, batchSize: number, limit: number) {
  return db.$executeRaw`
    DELETE FROM "StepItem" i USING (
      SELECT "runId", "stepId", index FROM "StepItem"
      WHERE "runId" IN (SELECT id FROM (${expiredRuns(cutoff, batchSize)}) r)
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ) doomed
    WHERE i."runId" = doomed."runId" AND i."stepId" = doomed."stepId" AND i.index = doomed.index`;
}

/**
 * Deletes up to `batchSize` runs that ended before the retention, oldest first, and answers how
 * many. Their fan-out items go first, in statements of a bounded size (a fan-out run owns one row
 * per item); then the runs go with the rest of what they own: steps, checkpoints with their
 * decisions, and a sync webhook's answer. An event goes with its last run (its idempotency key
 * with it, so a repeat starts a run again rather than answering one that is gone). Alerts and
 * re-runs stay, no longer linked. A queued or running run (a checkpoint waiting for weeks
 * included) is never touched. Concurrent sweeps (several workers) skip each other's rows.
 */
export async function deleteExpiredRuns(
  db: Db,
  { retentionMs, batchSize, itemsPerStatement = ITEMS_PER_STATEMENT, now = () => new Date() }: RunRetentionOptions,
): Promise<number> {
  const cutoff = new Date(now().getTime() - retentionMs);
  let items: number;
  do items = await deleteItemsOfExpiredRuns(db, cutoff, batchSize, itemsPerStatement);
  while (items === itemsPerStatement);
  // The statement's parts see the rows as they were before it: an event's other runs are the
  // ones this statement does not delete.
  const [{ deleted }] = await db.$queryRaw<[{ deleted: number }]>`
    WITH doomed AS (${expiredRuns(cutoff, batchSize)} FOR UPDATE SKIP LOCKED),
    deleted AS (
      DELETE FROM "Run" r USING doomed WHERE r.id = doomed.id RETURNING r.id, r."eventId"
    ),
    events AS (
      DELETE FROM "Event" e
      WHERE e.id IN (SELECT "eventId" FROM deleted)
        AND NOT EXISTS (
          SELECT 1 FROM "Run" other
          WHERE other."eventId" = e.id AND other.id NOT IN (SELECT id FROM deleted)
        )
    )
    SELECT count(*)::int AS deleted FROM deleted`;
  return deleted;
}

/** Sweeps every `intervalMs`, batch after batch until one comes back short; answers a function that stops it. */
export function startRunRetention(
  db: Db,
  logger: Logger,
  options: RunRetentionOptions & SweepOptions,
): () => Promise<void> {
  return repeatSweep(logger, { name: "run retention", what: "ended runs" }, options, () =>
    deleteExpiredRuns(db, options),
  );
}
