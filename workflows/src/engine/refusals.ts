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

/** Refusals of one workflow for one reason, noted in one process since its last flush. */
export interface RefusalCount {
  workflowId: string;
  reason: RefusalReason;
  count: number;
  firstAt: Date;
  lastAt: Date;
}

/**
 * Adds counted refusals in one statement (an upsert per workflow and reason that increments).
 * Never throws: the senders' answers were the refusals, whether or not they could be counted.
 */
export async function countRefusals(deps: Pick<DispatchDeps, "db" | "logger">, counts: RefusalCount[]): Promise<void> {
  if (!counts.length) return;
  try {
    await deps.db.$executeRaw`
      INSERT INTO "WebhookRefusal" ("workflowId", reason, count, "firstAt", "lastAt")
      SELECT u.* FROM unnest(${counts.map((c) => c.workflowId)}::text[], ${counts.map((c) => c.reason)}::text[],
        ${counts.map((c) => c.count)}::bigint[], ${counts.map((c) => c.firstAt)}::timestamp(3)[],
        ${counts.map((c) => c.lastAt)}::timestamp(3)[]) AS u(workflow_id, reason, count, first_at, last_at)
      -- A workflow deleted since its refusals were noted has nothing left to count them against.
      WHERE EXISTS (SELECT 1 FROM "Workflow" w WHERE w.id = u.workflow_id)
      ON CONFLICT ("workflowId", reason) DO UPDATE SET
        count = "WebhookRefusal".count + EXCLUDED.count,
        "lastAt" = GREATEST("WebhookRefusal"."lastAt", EXCLUDED."lastAt")`;
  } catch (err) {
    deps.logger.warn("refused webhook deliveries were not counted", {
      refusals: counts.reduce((n, c) => n + c.count, 0),
      error: err instanceof Error ? err.message : String(err),
    });
  }
}
