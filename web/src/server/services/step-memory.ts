// Forgetting what a step remembers: its cached results (`cache`), or the items an incremental
// fan-out processed. Its next run computes them again. Audited, as every change to a workflow is.
import type { Db } from "@switchyard/db";
import { clearStepCache, resetIncrementalStep } from "@switchyard/workflows/engine";
import type { ApiCaller } from "../auth/api-token";
import { ApiError } from "../http/errors";
import { recordAudit } from "./audit";
import { stepIdSchema } from "./step-memory.schema";
import { workflowIdOf } from "./workflows";

/**
 * The step is not looked up in the latest version: memory of a step an older version had (since
 * renamed or removed) stays until it is forgotten or expires, and may be forgotten. A step id no
 * version ever had forgets nothing (0).
 */
const MEMORIES = {
  cache: { forget: clearStepCache, action: "workflow.step_cache_clear", answer: "cleared" },
  incremental: { forget: resetIncrementalStep, action: "workflow.step_memory_reset", answer: "forgotten" },
} as const;
export type StepMemoryKind = keyof typeof MEMORIES;

export function parseStepId(stepId: string): string {
  const parsed = stepIdSchema.safeParse(stepId);
  if (!parsed.success)
    throw new ApiError(400, "invalid_step_id", `Invalid step id "${stepId}": ${parsed.error.issues[0]!.message}.`);
  return parsed.data;
}

/** Forgets one step's memory of this kind; answers how many entries (`cleared`) or items (`forgotten`) went. */
export async function forgetStepMemory<K extends StepMemoryKind>(
  db: Db,
  caller: ApiCaller,
  slug: string,
  stepId: string,
  kind: K,
): Promise<Record<(typeof MEMORIES)[K]["answer"], number>> {
  const step = parseStepId(stepId);
  const workflowId = await workflowIdOf(db, caller.workspaceId, slug);
  const { forget, action, answer } = MEMORIES[kind];
  const count = await db.$transaction(async (tx) => {
    const n = await forget(tx, workflowId, step);
    await recordAudit(tx, caller, {
      action,
      targetType: "workflow",
      targetId: workflowId,
      targetLabel: slug,
      details: { stepId: step, [answer]: n },
    });
    return n;
  });
  return { [answer]: count } as Record<(typeof MEMORIES)[K]["answer"], number>;
}
