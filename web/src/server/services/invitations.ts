// Inviting people by email (owners and admins): a link with a random token, of which only the
// SHA-256 is stored, that works once, until it expires or is revoked. Accepting is in
// invitation-accept.ts.
import { randomBytes } from "node:crypto";
import type { Logger } from "@switchyard/connectors";
import { hashToken, type Db, type Role } from "@switchyard/db";
import type { z } from "zod";
import type { ApiCaller } from "../auth/api-token";
import { ApiError } from "../http/errors";
import type { Mailer } from "../mail";
import type { inviteInput } from "../trpc/routers/settings.schema";
import { recordAudit } from "./audit";
import { refuseAbove } from "./member-rules";

export const DEFAULT_INVITATION_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface InvitationDeps {
  db: Db;
  /** Null when no mail server is configured. */
  mailer: Mailer | null;
  production: boolean;
  /** The web app's base URL, without a trailing slash, for the link. */
  publicUrl: string;
  logger: Logger;
}

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date;
  invitedBy: string | null;
}

export interface CreatedInvitation {
  invitation: InvitationView;
  mailed: boolean;
  /** Only when it could not be mailed (development without SMTP_URL): the inviter passes the link on. */
  acceptUrl: string | null;
}

const invitationSelect = {
  id: true,
  email: true,
  role: true,
  createdAt: true,
  expiresAt: true,
  invitedBy: { select: { email: true } },
} as const;
const view = ({ invitedBy, ...row }: Omit<InvitationView, "invitedBy"> & { invitedBy: { email: string } | null }) => ({
  ...row,
  invitedBy: invitedBy?.email ?? null,
});

/** Pending: neither accepted nor revoked, and not yet expired. */
const pending = (now: Date) => ({ acceptedAt: null, revokedAt: null, expiresAt: { gt: now } });

export async function listInvitations(db: Db, workspaceId: string, now = new Date()): Promise<InvitationView[]> {
  const rows = await db.invitation.findMany({
    where: { workspaceId, ...pending(now) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: invitationSelect,
  });
  return rows.map(view);
}

function invitationMail(workspace: string, inviter: string, role: Role, url: string, expiresAt: Date) {
  return {
    subject: `You are invited to ${workspace} on Switchyard`,
    // The link stands alone on its line, so mail clients (and tests) take it whole.
    text: [
      `${inviter} invited you to the workspace "${workspace}" on Switchyard, as ${role}.`,
      "",
      "Accept the invitation here:",
      url,
      "",
      `The link works once, until ${expiresAt.toISOString().replace("T", " ").slice(0, 16)} UTC.`,
      "If you did not expect this, ignore this mail.",
    ].join("\n"),
  };
}

/**
 * Invites `email` with a role no higher than the caller's own. A pending invitation of the
 * same address is replaced (revoked), so only the newest link works.
 */
export async function createInvitation(
  deps: InvitationDeps,
  caller: ApiCaller,
  input: z.infer<typeof inviteInput>,
  now = new Date(),
): Promise<CreatedInvitation> {
  refuseAbove(caller, input.role, "invite someone with");
  if (!deps.mailer && deps.production)
    throw new ApiError(
      503,
      "mail_unconfigured",
      "Invitations are mailed, and no mail server is configured (SMTP_URL).",
    );
  const email = input.email.toLowerCase();
  const token = randomBytes(32).toString("base64url");
  const acceptUrl = `${deps.publicUrl}/invite/${token}`;
  const expiresAt = new Date(now.getTime() + (input.expiresInDays ?? DEFAULT_INVITATION_DAYS) * DAY_MS);
  const invitation = await deps.db.$transaction(
    async (tx) => {
      const workspace = await tx.workspace.findUniqueOrThrow({
        where: { id: caller.workspaceId },
        select: { name: true },
      });
      if (
        await tx.membership.findFirst({
          where: { workspaceId: caller.workspaceId, user: { email } },
          select: { userId: true },
        })
      )
        throw new ApiError(409, "already_member", `${email} is already a member of this workspace.`);
      const { count: replaced } = await tx.invitation.updateMany({
        where: { workspaceId: caller.workspaceId, email, ...pending(now) },
        data: { revokedAt: now },
      });
      const row = await tx.invitation.create({
        data: {
          workspaceId: caller.workspaceId,
          email,
          role: input.role,
          tokenHash: hashToken(token),
          invitedById: caller.member?.id ?? null,
          expiresAt,
          createdAt: now,
        },
        select: invitationSelect,
      });
      await recordAudit(tx, caller, {
        action: "invitation.create",
        targetType: "invitation",
        targetId: row.id,
        targetLabel: email,
        details: { role: input.role, expiresAt: expiresAt.toISOString(), replaced },
      });
      // Mailed last, inside the transaction: a mail server that refuses leaves no invitation behind.
      const inviter = caller.member?.name ?? caller.member?.email ?? "An administrator";
      await deps.mailer?.send({
        to: email,
        ...invitationMail(workspace.name, inviter, input.role, acceptUrl, expiresAt),
      });
      return view(row);
    },
    { timeout: 20_000 },
  );
  if (deps.mailer) return { invitation, mailed: true, acceptUrl: null };
  deps.logger.warn("invitation not mailed: no mail server configured (SMTP_URL); the inviter was shown the link", {
    invitationId: invitation.id,
  });
  return { invitation, mailed: false, acceptUrl };
}

/** Revoked links answer that they were revoked. Revoking twice changes nothing. */
export async function revokeInvitation(
  db: Db,
  caller: ApiCaller,
  id: string,
  now = new Date(),
): Promise<InvitationView> {
  return db.$transaction(async (tx) => {
    const row = await tx.invitation.findFirst({
      where: { id, workspaceId: caller.workspaceId },
      select: { ...invitationSelect, acceptedAt: true, revokedAt: true },
    });
    if (!row) throw new ApiError(404, "not_found", `No invitation ${id} in this workspace.`);
    const { acceptedAt, revokedAt, ...shown } = row;
    if (acceptedAt) throw new ApiError(409, "already_accepted", `${row.email} already accepted this invitation.`);
    if (revokedAt) return view(shown);
    refuseAbove(caller, row.role, "revoke an invitation with");
    await tx.invitation.update({ where: { id }, data: { revokedAt: now } });
    await recordAudit(tx, caller, {
      action: "invitation.revoke",
      targetType: "invitation",
      targetId: id,
      targetLabel: row.email,
      details: { role: row.role },
    });
    return view(shown);
  });
}
