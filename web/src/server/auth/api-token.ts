import { API_TOKEN_PREFIX, hashToken, type Db, type Role } from "@switchyard/db";
import { cappedRole } from "~/lib/roles";
import { ApiError } from "../http/errors";

/** The member a token acts as: the user who created it, with their role in the token's workspace. */
export interface TokenMember {
  id: string;
  email: string;
  name: string | null;
  /** Their membership's role; what they may do through the token is also capped by the token's role. */
  role: Role;
}

/** Who is calling, through an API token or a signed-in session, and in which workspace. */
export interface ApiCaller {
  workspaceId: string;
  /** The API token used, or null for a signed-in person in the web app. */
  tokenId: string | null;
  role: Role;
  /** Null for a token nobody created (a bootstrap or seed token), or whose creator is no longer a member. */
  member: TokenMember | null;
}

/** Resolves `Authorization: Bearer sy_...` to its workspace, role and member, or throws 401. */
export async function authenticateApiToken(db: Db, authorization: string | null): Promise<ApiCaller> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match)
    throw new ApiError(401, "unauthenticated", "Send a workspace API token as `Authorization: Bearer <token>`.");
  const token = match[1]!;
  if (!token.startsWith(API_TOKEN_PREFIX)) throw new ApiError(401, "unauthenticated", "Malformed API token.");
  const tokenHash = hashToken(token);
  const row = await db.apiToken.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      workspaceId: true,
      role: true,
      revokedAt: true,
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          // The creator's membership in the workspace this very token belongs to (at most one).
          memberships: { where: { workspace: { apiTokens: { some: { tokenHash } } } }, select: { role: true } },
        },
      },
    },
  });
  if (!row || row.revokedAt) throw new ApiError(401, "unauthenticated", "Unknown or revoked API token.");
  const membership = row.user?.memberships[0];
  const member =
    row.user && membership
      ? { id: row.user.id, email: row.user.email, name: row.user.name, role: membership.role }
      : null;
  // A token never does more than the person behind it may do now: demoting them demotes their tokens.
  const role = member ? cappedRole(member.role, row.role) : row.role;
  if (!role)
    throw new ApiError(
      403,
      "forbidden",
      `This token has the ${row.role} role and its creator the ${member!.role} role, which share no rights.`,
    );
  return { workspaceId: row.workspaceId, tokenId: row.id, role, member };
}
