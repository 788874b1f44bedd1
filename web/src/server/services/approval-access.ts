// Who a token decides as, and which approvals it sees: the member who created the token, with their
// role capped by the token's, judged by the same rule the workflow's validator applies (mayDecide).
import type { Prisma } from "@switchyard/db";
import { approverSet, mayDecide, type Actor } from "@switchyard/workflows/engine";
import type { ApiCaller } from "../auth/api-token";
import { hasRole } from "../auth/roles";
import { ApiError } from "../http/errors";

/** What an Approval row keeps in `approvers`: the lists as the definition wrote them. */
export interface StoredApprovers {
  approvers: string[] | null;
  escalateTo: string[] | null;
  channels: string[];
}

const noMember = () =>
  new ApiError(
    403,
    "no_member",
    "This API token acts for no member of this workspace (it was created without a user, or its creator has left), " +
      "and decisions are a person's. Use a token created by the member who decides.",
  );

/** The member a token decides as; 403 for a token no member stands behind. */
export function deciderOf(caller: ApiCaller): Actor {
  const member = caller.member;
  if (!member) throw noMember();
  return {
    email: member.email,
    ...(member.name ? { name: member.name } : {}),
    // The caller's role is already the member's capped by the token's (authenticateApiToken).
    role: caller.role,
  };
}

/** The light columns the inbox's rule reads. */
export const accessSelect = { id: true, createdAt: true, approvers: true, escalatedAt: true } as const;
type AccessRow = Prisma.ApprovalGetPayload<{ select: typeof accessSelect }>;

export function mayDecideRow(row: AccessRow, actor: Actor): boolean {
  const stored = row.approvers as unknown as StoredApprovers;
  return mayDecide(approverSet(stored.approvers), approverSet(stored.escalateTo), row.escalatedAt !== null, actor);
}

/**
 * Which of the workspace's approvals the caller sees: admins and owners (by the caller's role:
 * a member's capped by their token's, or a member-less token's own) all of them; everyone else
 * those they may decide.
 */
export function inboxFilter(caller: ApiCaller): (row: AccessRow) => boolean {
  if (hasRole(caller.role, "admin")) return () => true;
  const actor = deciderOf(caller);
  return (row) => mayDecideRow(row, actor);
}
