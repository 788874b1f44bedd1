// The invitee's side of an invitation: what the link offers, and taking it. Only the person
// the invitation names, signed in with that address, can accept it.
import { hashToken, type Db, type Role } from "@switchyard/db";
import type { ApiCaller } from "../auth/api-token";
import { ApiError } from "../http/errors";
import { recordAudit } from "./audit";

export type InvitationState = "pending" | "expired" | "revoked" | "accepted";

export interface InvitationOffer {
  workspace: { name: string; slug: string };
  email: string;
  role: Role;
  invitedBy: { name: string | null; email: string } | null;
  expiresAt: Date;
  state: InvitationState;
  /** The signed-in person is already a member (accepting keeps their membership as it is). */
  alreadyMember: boolean;
  /** The signed-in person's address matches the invitation's. */
  forYou: boolean;
}

export interface AcceptedInvitation {
  workspace: { name: string; slug: string };
  role: Role;
  alreadyMember: boolean;
}

const stateOf = (
  row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now: Date,
): InvitationState =>
  row.acceptedAt ? "accepted" : row.revokedAt ? "revoked" : row.expiresAt <= now ? "expired" : "pending";

const REFUSALS: Record<Exclude<InvitationState, "pending">, string> = {
  accepted: "This invitation has already been accepted.",
  revoked: "This invitation was revoked; ask for a new one.",
  expired: "This invitation has expired; ask for a new one.",
};

async function load(db: Db, token: string) {
  const row = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      workspaceId: true,
      workspace: { select: { name: true, slug: true } },
      invitedBy: { select: { name: true, email: true } },
    },
  });
  // Unknown and mistyped links alike: the token is the only secret, so nothing else is said.
  if (!row) throw new ApiError(404, "not_found", "No such invitation; check the link, or ask for a new one.");
  return row;
}

async function signedInPerson(db: Db, userId: string) {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true } });
}

/** What the link offers the signed-in person, whatever its state (the page says why it cannot be taken). */
export async function findInvitation(
  db: Db,
  userId: string,
  token: string,
  now = new Date(),
): Promise<InvitationOffer> {
  const [row, me] = await Promise.all([load(db, token), signedInPerson(db, userId)]);
  const membership = await db.membership.findUnique({
    where: { userId_workspaceId: { userId, workspaceId: row.workspaceId } },
    select: { role: true },
  });
  return {
    workspace: row.workspace,
    email: row.email,
    role: row.role,
    invitedBy: row.invitedBy,
    expiresAt: row.expiresAt,
    state: stateOf(row, now),
    alreadyMember: membership !== null,
    forYou: me.email.toLowerCase() === row.email.toLowerCase(),
  };
}

/**
 * Makes the signed-in person a member with the invitation's role. Someone already a member
 * keeps the membership they have; the invitation is used up either way.
 */
export async function acceptInvitation(
  db: Db,
  userId: string,
  token: string,
  now = new Date(),
): Promise<AcceptedInvitation> {
  const [row, me] = await Promise.all([load(db, token), signedInPerson(db, userId)]);
  if (me.email.toLowerCase() !== row.email.toLowerCase())
    throw new ApiError(
      403,
      "wrong_account",
      `This invitation is for ${row.email}, and you are signed in as ${me.email}. Sign in as ${row.email} to accept it.`,
    );
  const state = stateOf(row, now);
  if (state !== "pending") throw new ApiError(409, `invitation_${state}`, REFUSALS[state]);
  return db.$transaction(async (tx) => {
    // Claimed with a guarded update, so two tabs accepting at once make one membership.
    const { count } = await tx.invitation.updateMany({
      where: { id: row.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    if (count === 0)
      throw new ApiError(409, "invitation_used", "This invitation was just used or revoked; reload the page.");
    const existing = await tx.membership.findUnique({
      where: { userId_workspaceId: { userId, workspaceId: row.workspaceId } },
      select: { role: true },
    });
    if (!existing)
      await tx.membership.create({ data: { userId, workspaceId: row.workspaceId, role: row.role, createdAt: now } });
    const role = existing?.role ?? row.role;
    const caller: ApiCaller = { workspaceId: row.workspaceId, tokenId: null, role, member: { ...me, role } };
    await recordAudit(tx, caller, {
      action: "invitation.accept",
      targetType: "invitation",
      targetId: row.id,
      targetLabel: row.email,
      details: { role: row.role, alreadyMember: existing !== null },
    });
    return { workspace: row.workspace, role, alreadyMember: existing !== null };
  });
}
