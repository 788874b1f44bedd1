// Who belongs to a workspace: listed for every member, changed by owners and admins
// (member-rules.ts), left by anyone but the last owner. Every change is audited with it.
import type { Db, Role } from "@switchyard/db";
import type { ApiCaller } from "../auth/api-token";
import { ApiError } from "../http/errors";
import { recordAudit } from "./audit";
import { lockWorkspace, refuseAbove, refuseLastOwner, type Tx } from "./member-rules";

export interface MemberView {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  joinedAt: Date;
}

/** Longest-standing first. */
export async function listMembers(db: Db, workspaceId: string): Promise<MemberView[]> {
  const rows = await db.membership.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  return rows.map(({ role, createdAt, user }) => ({
    userId: user.id,
    email: user.email,
    name: user.name,
    role,
    joinedAt: createdAt,
  }));
}

async function memberOf(tx: Tx, workspaceId: string, userId: string): Promise<MemberView> {
  const row = await tx.membership.findUnique({
    where: { userId_workspaceId: { userId, workspaceId } },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  if (!row) throw new ApiError(404, "not_found", `No member ${userId} in this workspace.`);
  return { userId, email: row.user.email, name: row.user.name, role: row.role, joinedAt: row.createdAt };
}

/** Gives a member another role. Only an owner makes or unmakes owners, and the last owner stays one. */
export function changeMemberRole(db: Db, caller: ApiCaller, userId: string, role: Role): Promise<MemberView> {
  return db.$transaction(async (tx) => {
    await lockWorkspace(tx, caller.workspaceId);
    const member = await memberOf(tx, caller.workspaceId, userId);
    if (member.role === role) return member;
    refuseAbove(caller, member.role, "change a member who has");
    refuseAbove(caller, role, "grant");
    if (member.role === "owner") await refuseLastOwner(tx, caller.workspaceId, userId, "stop being an owner");
    await tx.membership.update({
      where: { userId_workspaceId: { userId, workspaceId: caller.workspaceId } },
      data: { role },
    });
    await recordAudit(tx, caller, {
      action: "member.role",
      targetType: "member",
      targetId: userId,
      targetLabel: member.email,
      details: { from: member.role, to: role },
    });
    return { ...member, role };
  });
}

/**
 * Ends a membership, and with it the API tokens that person made in this workspace: a token
 * outliving its maker's access would keep that access.
 */
async function endMembership(tx: Tx, workspaceId: string, userId: string): Promise<number> {
  await tx.membership.delete({ where: { userId_workspaceId: { userId, workspaceId } } });
  const { count } = await tx.apiToken.updateMany({
    where: { workspaceId, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}

/** Removes someone else; removing yourself is leaving. */
export function removeMember(db: Db, caller: ApiCaller, userId: string): Promise<MemberView> {
  if (caller.member?.id === userId) return leaveWorkspace(db, caller);
  return db.$transaction(async (tx) => {
    await lockWorkspace(tx, caller.workspaceId);
    const member = await memberOf(tx, caller.workspaceId, userId);
    refuseAbove(caller, member.role, "remove a member who has");
    if (member.role === "owner") await refuseLastOwner(tx, caller.workspaceId, userId, "be removed");
    const tokensRevoked = await endMembership(tx, caller.workspaceId, userId);
    await recordAudit(tx, caller, {
      action: "member.remove",
      targetType: "member",
      targetId: userId,
      targetLabel: member.email,
      details: { role: member.role, tokensRevoked },
    });
    return member;
  });
}

/** The caller leaves the workspace, unless they are its last owner. */
export function leaveWorkspace(db: Db, caller: ApiCaller): Promise<MemberView> {
  const me = caller.member;
  if (!me)
    throw new ApiError(400, "not_a_person", "Only a person can leave a workspace; this token belongs to nobody.");
  return db.$transaction(async (tx) => {
    await lockWorkspace(tx, caller.workspaceId);
    const member = await memberOf(tx, caller.workspaceId, me.id);
    if (member.role === "owner") await refuseLastOwner(tx, caller.workspaceId, me.id, "leave");
    const tokensRevoked = await endMembership(tx, caller.workspaceId, me.id);
    await recordAudit(tx, caller, {
      action: "member.leave",
      targetType: "member",
      targetId: me.id,
      targetLabel: member.email,
      details: { role: member.role, tokensRevoked },
    });
    return member;
  });
}
