import type { Db, Prisma } from "@switchyard/db";
import type { AuditTargetType } from "~/lib/audit/target-types";
import type { ApiCaller } from "../auth/api-token";

/** Either the client or an open transaction: an entry is written with the change it records, or not at all. */
type Writer = Pick<Db, "auditEntry">;

export interface AuditEvent {
  /**
   * Dotted verb: "workflow.create", "workflow.save", "workflow.enable", "workflow.disable", "connection.create",
   * "connection.rename", "connection.delete", "connection.reconnect", "approval.decide", "token.revoke", "member.role"…
   */
  action: string;
  targetType: AuditTargetType;
  targetId?: string;
  targetLabel?: string;
  details?: Prisma.InputJsonValue;
}

/** Who did it, as the log shows them. */
export interface AuditActor {
  actorId: string | null;
  actorLabel: string;
}

/** Who did it, as shown in the log: the person, else the token. */
export function actorOf(caller: ApiCaller): AuditActor {
  if (caller.member) return { actorId: caller.member.id, actorLabel: caller.member.email };
  return { actorId: null, actorLabel: caller.tokenId ? `API token ${caller.tokenId}` : "system" };
}

/** A person known only by address: a Slack or email decision, where no session or token stands behind them. */
export const byAddress = (email: string): AuditActor => ({ actorId: null, actorLabel: email });

export async function recordAudit(db: Writer, caller: ApiCaller, event: AuditEvent): Promise<void> {
  await recordAuditAs(db, caller.workspaceId, actorOf(caller), event);
}

/** For changes made without an ApiCaller: a Slack or email decision (by address), or an OAuth callback. */
export async function recordAuditAs(
  db: Writer,
  workspaceId: string,
  actor: AuditActor,
  event: AuditEvent,
): Promise<void> {
  await db.auditEntry.create({ data: { workspaceId, ...actor, ...event } });
}
