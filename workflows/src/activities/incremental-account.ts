// What an incremental fan-out's run did with its items, and what its memory keeps after it.
import type { Db } from "@switchyard/db";
import type { IncrementalCounts } from "../interpreter/contract";

type Tx = Pick<Db, "$queryRaw" | "$executeRaw">;

/** The step's counts, from its StepItem rows, and the original time of the items it reused. */
export async function incrementalAccount(
  db: Tx,
  runId: string,
  stepId: string,
): Promise<{ counts: IncrementalCounts; savedMs: number }> {
  const [row] = await db.$queryRaw<(IncrementalCounts & { savedMs: number })[]>`
    SELECT count(*) FILTER (WHERE "originRunId" IS NULL AND error IS NULL)::int AS processed,
      count(*) FILTER (WHERE "originRunId" IS NOT NULL)::int AS reused,
      count(*) FILTER (WHERE error IS NOT NULL)::int AS failed,
      COALESCE(sum("durationMs") FILTER (WHERE "originRunId" IS NOT NULL), 0)::int AS "savedMs"
    FROM "StepItem" WHERE "runId" = ${runId} AND "stepId" = ${stepId}`;
  const { savedMs, ...counts } = row!;
  return { counts, savedMs };
}

/**
 * Forgets the items the step's plan found gone from its list (the changes in its row). Only
 * once the step succeeded: a failed step's dependents, say the one that deletes removed rows at
 * the destination, did not run, so the next run must report those keys as removed again.
 */
export async function forgetRemoved(db: Tx, runId: string, stepId: string): Promise<void> {
  await db.$executeRaw`
    DELETE FROM "IncrementalItem" m
    USING "Run" r, "StepRun" s, jsonb_array_elements_text(s.incremental -> 'changes' -> 'removed') AS gone(key)
    WHERE r.id = ${runId} AND s."runId" = ${runId} AND s."stepId" = ${stepId}
      AND m."workflowId" = r."workflowId" AND m."stepId" = ${stepId} AND m.key = gone.key`;
}
