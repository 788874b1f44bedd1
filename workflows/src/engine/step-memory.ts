import type { Db } from "@switchyard/db";

/** The client or an open transaction: the caller may record the change in the same one. */
type Writer<K extends keyof Db> = Pick<Db, K>;

/**
 * Forgets one step's remembered results (`cache`): its next run calls the operation again.
 * The caller has checked that the workflow is the caller's; returns how many entries went.
 */
export async function clearStepCache(
  db: Writer<"stepCacheEntry">,
  workflowId: string,
  stepId: string,
): Promise<number> {
  const { count } = await db.stepCacheEntry.deleteMany({ where: { workflowId, stepId } });
  return count;
}

/**
 * Forgets which items an incremental step processed: its next run processes every item, and
 * reports them all as added. The caller has checked that the workflow is the caller's.
 */
export async function resetIncrementalStep(
  db: Writer<"incrementalItem">,
  workflowId: string,
  stepId: string,
): Promise<number> {
  const { count } = await db.incrementalItem.deleteMany({ where: { workflowId, stepId } });
  return count;
}
