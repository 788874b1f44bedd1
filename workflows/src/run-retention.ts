import type { Logger } from "@switchyard/connectors";
import type { Db } from "@switchyard/db";
import { repeatSweep, type SweepOptions } from "./repeat";

export interface RunRetentionOptions {
  /** Runs that ended longer ago than this are deleted. */
  retentionMs: number;
  /** Runs per statement (each takes its steps, items, checkpoints and answer with it). */
  batchSize: number;
  /** Injected in tests. */
  now?: () => Date;
}

/**
 * Deletes up to `batchSize` runs that ended before the retention, oldest first (through the
 * endedAt index), and answers how many. A run goes with everything it owns: its steps, fan-out
 * items, checkpoints with their decisions, and a sync webhook's answer; its alerts, re-runs and
 * event stay, no longer linked to it. A queued or running run (a checkpoint waiting for weeks
 * included) is never touched. Concurrent sweeps (several workers) skip each other's rows.
 */
export async function deleteExpiredRuns(
  db: Db,
  { retentionMs, batchSize, now = () => new Date() }: RunRetentionOptions,
): Promise<number> {
  const cutoff = new Date(now().getTime() - retentionMs);
  return db.$executeRaw`
    DELETE FROM "Run" r USING (
      SELECT id FROM "Run"
      WHERE "endedAt" < ${cutoff}::timestamp(3) AND status NOT IN ('queued', 'running')
      ORDER BY "endedAt", id
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    ) doomed
    WHERE r.id = doomed.id`;
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
