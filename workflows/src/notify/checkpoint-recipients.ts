import type { Db } from "@switchyard/db";
import type { ApprovalForChannels } from "../activities/notify-checkpoint";
import type { MemberRole, NotifyReason } from "../interpreter/checkpoint-contract";
import { approverSet, mayDecide } from "../interpreter/checkpoint-rules";

/** Approval.approvers as the definition wrote it. */
interface ApproversAsWritten {
  approvers: string[] | null;
  escalateTo: string[] | null;
}

export interface Recipient {
  email: string;
  name: string | null;
}

/** The run's starter, lower-cased, when the self-approval rule refuses them: nobody to ask. */
export const starterWhoCannotApprove = (approval: ApprovalForChannels): string | undefined =>
  approval.allowSelfApproval ? undefined : approval.run.startedBy?.email.toLowerCase();

/**
 * The workspace members to mail: for a request or a reminder, everyone the workflow's validator
 * would let decide (the escalated ones too, once escalated); for an escalation, the escalateTo
 * people. Never someone who already decided, nor the run's starter where self-approval is refused:
 * their link could only be refused. Addresses that are no member are left out for the same reason.
 */
export async function checkpointRecipients(
  db: Db,
  approval: ApprovalForChannels,
  reason: NotifyReason,
): Promise<Recipient[]> {
  const written = approval.approvers as unknown as ApproversAsWritten;
  if (reason === "escalation" && !written.escalateTo) return [];
  const members = await db.membership.findMany({
    where: { workspaceId: approval.workspaceId },
    select: { role: true, user: { select: { email: true, name: true } } },
    orderBy: { user: { email: "asc" } },
  });
  const may =
    reason === "escalation"
      ? (actor: { email: string; role: MemberRole }) =>
          mayDecide(approverSet(written.escalateTo), undefined, false, actor)
      : (actor: { email: string; role: MemberRole }) =>
          mayDecide(approverSet(written.approvers), approverSet(written.escalateTo), !!approval.escalatedAt, actor);
  const decided = new Set(approval.decisions.map((d) => d.actor.toLowerCase()));
  const starter = starterWhoCannotApprove(approval);
  return members
    .map((m) => ({ email: m.user.email.toLowerCase(), name: m.user.name, role: m.role }))
    .filter((m) => may(m) && !decided.has(m.email) && m.email !== starter)
    .map(({ email, name }) => ({ email, name }));
}
