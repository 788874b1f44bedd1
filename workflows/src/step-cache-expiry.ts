import type { Logger } from "@switchyard/connectors";
import type { Db } from "@switchyard/db";
import { repeatSweep, type SweepOptions } from "./repeat";

export interface CacheExpiryOptions {
  /** Entries per statement. */
  batchSize: number;
  /** Injected in tests. */
  now?: () => Date;
}

/**
 * Deletes up to `batchSize` remembered step results past their expiry (through the expiresAt
 * index) and answers how many. Lookups never take an expired entry, so this only frees their
 * room. Concurrent sweeps (several workers) skip each other's rows.
 */
export async function deleteExpiredCacheEntries(
  db: Db,
  { batchSize, now = () => new Date() }: CacheExpiryOptions,
): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "StepCacheEntry" e USING (
      SELECT "workflowId", "stepId", key FROM "StepCacheEntry"
      WHERE "expiresAt" <= ${now()}::timestamp(3)
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    ) doomed
    WHERE e."workflowId" = doomed."workflowId" AND e."stepId" = doomed."stepId" AND e.key = doomed.key`;
}

/** Deletes expired entries every `intervalMs`, batch after batch; answers a function that stops it. */
export function startStepCacheExpiry(
  db: Db,
  logger: Logger,
  options: CacheExpiryOptions & SweepOptions,
): () => Promise<void> {
  return repeatSweep(logger, { name: "step cache expiry", what: "expired step results" }, options, () =>
    deleteExpiredCacheEntries(db, options),
  );
}
