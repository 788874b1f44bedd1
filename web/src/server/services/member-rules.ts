// The rules every change to who belongs to a workspace follows: nobody hands out more than
// they hold, and a workspace always keeps an owner.
import type { Prisma, Role } from "@switchyard/db";
import type { ApiCaller } from "../auth/api-token";
import { hasRole } from "../auth/roles";
import { ApiError } from "../http/errors";

export type Tx = Prisma.TransactionClient;

/** 403 unless the caller holds `role` themselves: an admin neither grants nor takes away ownership. */
export function refuseAbove(caller: ApiCaller, role: Role, what: string): void {
  if (hasRole(caller.role, role)) return;
  const who = caller.tokenId === null ? "You have" : "This token has";
  throw new ApiError(403, "forbidden", `${who} the ${caller.role} role, so it cannot ${what} the ${role} role.`, {
    required: role,
    actual: caller.role,
  });
}

/**
 * Serialises membership changes per workspace (row lock on the workspace), so two owners
 * demoting each other at once cannot leave it with none.
 */
export async function lockWorkspace(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "Workspace" WHERE id = ${workspaceId} FOR UPDATE`;
}

/** 409 when `userId` is the workspace's only owner: it must keep one. */
export async function refuseLastOwner(tx: Tx, workspaceId: string, userId: string, what: string): Promise<void> {
  const owners = await tx.membership.findMany({
    where: { workspaceId, role: "owner" },
    select: { userId: true },
    take: 2,
  });
  if (owners.length === 1 && owners[0]!.userId === userId)
    throw new ApiError(
      409,
      "last_owner",
      `This is the workspace's only owner, so they cannot ${what}; make someone else an owner first.`,
    );
}
