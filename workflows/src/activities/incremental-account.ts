// What an incremental fan-out's run did with its items.
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
      LEAST(COALESCE(sum("durationMs") FILTER (WHERE "originRunId" IS NOT NULL), 0), 2147483647)::int AS "savedMs"
    FROM "StepItem" WHERE "runId" = ${runId} AND "stepId" = ${stepId}`;
  const { savedMs, ...counts } = row!;
  return { counts, savedMs };
}
