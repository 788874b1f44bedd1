import type { Db } from "@switchyard/db";
import type { Channel, DecisionKind, DecisionReply } from "@switchyard/workflows/engine";
import { recordAuditAs, type AuditActor } from "./audit";

export interface CountedDecision {
  workspaceId: string;
  approvalId: string;
  decision: DecisionKind;
  channel: Channel;
  reply: DecisionReply;
}

/**
 * A decision the run counted, whichever way it came (inbox, API, email link, Slack). The run's
 * own activities keep the decision record; this entry says who decided, and through what.
 */
export async function recordDecision(db: Db, actor: AuditActor, d: CountedDecision): Promise<void> {
  const approval = await db.approval.findFirst({
    where: { id: d.approvalId, workspaceId: d.workspaceId },
    select: { title: true },
  });
  await recordAuditAs(db, d.workspaceId, actor, {
    action: "approval.decide",
    targetType: "approval",
    targetId: d.approvalId,
    ...(approval ? { targetLabel: approval.title } : {}),
    details: {
      decision: d.decision,
      channel: d.channel,
      outcome: d.reply.status,
      approvals: d.reply.approvals,
      quorum: d.reply.quorum,
    },
  });
}
