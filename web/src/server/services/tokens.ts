// A workspace's API tokens: created (the secret shown once, only its SHA-256 stored), listed (never a
// secret) and revoked. REST and the settings screen use it; creating and revoking are audited.
import { issueApiToken, type Role } from "@switchyard/db";
import { z } from "zod";
import type { ApiCaller } from "../auth/api-token";
import { hasRole } from "../auth/roles";
import type { Services } from "../context";
import { ApiError } from "../http/errors";
import { recordAudit } from "./audit";
import { newestFirst, paginate, type Page, type PageQuery } from "./pagination";

/** `owner` belongs to the people who own a workspace, never to a token. */
export const TOKEN_ROLES = ["viewer", "approver", "editor", "admin"] as const satisfies readonly Role[];

export const createTokenInput = z
  .object({
    /** What the token is for ("ci", "grafana"); shown in lists, not unique. */
    name: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
    role: z.enum(TOKEN_ROLES, { error: "must be viewer, approver, editor or admin" }),
  })
  .strict();

export interface TokenView {
  id: string;
  name: string;
  /** The token's first characters, enough to tell it apart; never the token. Null for tokens older than the column. */
  prefix: string | null;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** The email of the user the token was made for, if any. */
  user: string | null;
}

const tokenSelect = {
  id: true,
  name: true,
  prefix: true,
  role: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  user: { select: { email: true } },
} as const;
const view = ({ user, ...t }: { user: { email: string } | null } & Omit<TokenView, "user">): TokenView => ({
  ...t,
  user: user?.email ?? null,
});

const tokenAudit = (action: "token.create" | "token.revoke", t: { id: string; name: string; role: Role }) => ({
  action,
  targetType: "token" as const,
  targetId: t.id,
  targetLabel: t.name,
  details: { role: t.role },
});

function refuseHigher(caller: ApiCaller, role: Role, what: string): void {
  if (!hasRole(caller.role, role)) {
    throw new ApiError(
      403,
      "forbidden",
      `${caller.tokenId === null ? "You have" : "This token has"} the ${caller.role} role, so it cannot ${what} a token with the higher ${role} role.`,
      { required: role, actual: caller.role },
    );
  }
}

/** The answer is the only time `token` is shown. */
export async function createToken(
  s: Pick<Services, "db">,
  caller: ApiCaller,
  input: z.infer<typeof createTokenInput>,
): Promise<TokenView & { token: string }> {
  refuseHigher(caller, input.role, "create");
  // A token made with a user's token (or in their session) is that user's too, so revoking people's access can find it.
  const userId = caller.tokenId
    ? (await s.db.apiToken.findUniqueOrThrow({ where: { id: caller.tokenId }, select: { userId: true } })).userId
    : (caller.member?.id ?? null);
  const { token, tokenHash, prefix } = issueApiToken();
  const row = await s.db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { workspaceId: caller.workspaceId, name: input.name, role: input.role, tokenHash, prefix, userId },
      select: tokenSelect,
    });
    await recordAudit(tx, caller, tokenAudit("token.create", created));
    return created;
  });
  return { ...view(row), token };
}

/** Newest first, revoked ones included (with `revokedAt`). */
export const listTokens = (s: Pick<Services, "db">, workspaceId: string, query: PageQuery): Promise<Page<TokenView>> =>
  paginate(
    query,
    ({ take, where }) =>
      s.db.apiToken.findMany({ where: { workspaceId, ...where }, orderBy: newestFirst, take, select: tokenSelect }),
    view,
  );

/** Sets `revokedAt`, after which the token answers 401. Revoking a revoked token changes nothing. */
export function revokeToken(s: Pick<Services, "db">, caller: ApiCaller, id: string): Promise<TokenView> {
  return s.db.$transaction(async (tx) => {
    // Serialises revocations per workspace: two at once must not each leave the other as the last admin token.
    await tx.$queryRaw`SELECT 1 FROM "Workspace" WHERE id = ${caller.workspaceId} FOR UPDATE`;
    const row = await tx.apiToken.findFirst({ where: { id, workspaceId: caller.workspaceId }, select: tokenSelect });
    if (!row) throw new ApiError(404, "not_found", `No API token ${id} in this workspace.`);
    refuseHigher(caller, row.role, "revoke");
    if (row.revokedAt) return view(row);
    // Only a token can make tokens (bootstrap refuses an existing workspace), so the last admin one must stay.
    if (
      hasRole(row.role, "admin") &&
      (await tx.apiToken.count({
        where: { workspaceId: caller.workspaceId, revokedAt: null, role: { in: ["admin", "owner"] } },
      })) <= 1
    ) {
      throw new ApiError(
        409,
        "last_admin_token",
        "This is the workspace's last active admin token; create another admin token first, or nobody could manage the workspace's tokens.",
      );
    }
    const revoked = await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() }, select: tokenSelect });
    await recordAudit(tx, caller, tokenAudit("token.revoke", revoked));
    return view(revoked);
  });
}
