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
 * decisions, and a sync webhook's answer. Alerts and re-runs stay, no longer linked; events go
 * in a sweep of their own (deleteRunlessEvents). A queued or running run (a checkpoint waiting for
 * weeks included) is never touched. Concurrent sweeps (several workers) skip each other's rows.
 */
export async function deleteExpiredRuns(
  db: Db,
  { retentionMs, batchSize, itemsPerStatement = ITEMS_PER_STATEMENT, now = () => new Date() }: RunRetentionOptions,
): Promise<number> {
  const cutoff = new Date(now().getTime() - retentionMs);
  let items: number;
  do items = await deleteItemsOfExpiredRuns(db, cutoff, batchSize, itemsPerStatement);
  while (items === itemsPerStatement);
  return db.$executeRaw`
    DELETE FROM "Run" r USING (${expiredRuns(cutoff, batchSize)} FOR UPDATE SKIP LOCKED) doomed
    WHERE r.id = doomed.id`;
}

/**
 * Deletes up to `batchSize` events received before the retention that no run is left of, oldest
 * first, and answers how many. Looking for them, rather than deleting an event with its last run,
 * also finds those whose runs two sweeps deleted at once (each saw the other's run) and an
 * original whose last replay went: a replay names its original's kind of payload, so the original
 * stays while a replay of it does.
 */
export async function deleteRunlessEvents(
  db: Db,
  { retentionMs, batchSize, now = () => new Date() }: Omit<RunRetentionOptions, "itemsPerStatement">,
): Promise<number> {
  const cutoff = new Date(now().getTime() - retentionMs);
  return db.$executeRaw`
    DELETE FROM "Event" e USING (
      SELECT id FROM "Event" old
      WHERE "receivedAt" < ${cutoff}::timestamp(3)
        AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r."eventId" = old.id)
        AND NOT EXISTS (SELECT 1 FROM "Event" replay WHERE replay."replayOfId" = old.id)
      ORDER BY "receivedAt", id
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    ) doomed
    WHERE e.id = doomed.id`;
}

/** Both sweeps, every `intervalMs`, batch after batch until one comes back short; answers a function that stops them. */
export function startRunRetention(
  db: Db,
  logger: Logger,
  options: RunRetentionOptions & SweepOptions,
): () => Promise<void> {
  const stops = [
    repeatSweep(logger, { name: "run retention", what: "ended runs" }, options, () => deleteExpiredRuns(db, options)),
    repeatSweep(logger, { name: "run retention", what: "events no run is left of" }, options, () =>
      deleteRunlessEvents(db, options),
    ),
  ];
  return async () => void (await Promise.all(stops.map((stop) => stop())));
}
