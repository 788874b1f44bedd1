import type { DispatchDeps } from "../dispatch";

/**
 * Why a webhook delivery was refused, counted per workflow (`WebhookRefusal`): a sender whose
 * deliveries keep failing shows in the events API instead of only in its own logs.
 */
export const REFUSAL_REASONS = [
  "bad_signature",
  "rate_limited",
  "too_large",
  "workflow_disabled",
  "method_not_allowed",
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/**
 * Counts one refused delivery of the workflow, in one statement (an upsert that increments).
 * Never throws: the sender's answer is the refusal, whether or not it could be counted.
 */
export async function countRefusal(
  deps: Pick<DispatchDeps, "db" | "logger">,
  target: { workflowId: string },
  reason: RefusalReason,
): Promise<void> {
  const now = new Date();
  try {
    await deps.db.$executeRaw`
      INSERT INTO "WebhookRefusal" ("workflowId", reason, count, "firstAt", "lastAt")
      VALUES (${target.workflowId}, ${reason}, 1, ${now}::timestamp(3), ${now}::timestamp(3))
      ON CONFLICT ("workflowId", reason)
      DO UPDATE SET count = "WebhookRefusal".count + 1, "lastAt" = GREATEST("WebhookRefusal"."lastAt", EXCLUDED."lastAt")`;
  } catch (err) {
    deps.logger.warn("a refused webhook delivery was not counted", {
      workflowId: target.workflowId,
      reason,
      error: err instanceof Error ? err.message : String(err),
    });
  }
}
