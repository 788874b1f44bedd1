import { API_TOKEN_PREFIX, hashToken, type Db, type Role } from "@switchyard/db";
import { ApiError } from "../http/errors";

export interface ApiCaller {
  workspaceId: string;
  tokenId: string;
  role: Role;
}

/** Resolves `Authorization: Bearer sy_...` to its workspace and role, or throws 401. */
export async function authenticateApiToken(db: Db, authorization: string | null): Promise<ApiCaller> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match)
    throw new ApiError(401, "unauthenticated", "Send a workspace API token as `Authorization: Bearer <token>`.");
  const token = match[1]!;
  if (!token.startsWith(API_TOKEN_PREFIX)) throw new ApiError(401, "unauthenticated", "Malformed API token.");
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, workspaceId: true, role: true, revokedAt: true },
  });
  if (!row || row.revokedAt) throw new ApiError(401, "unauthenticated", "Unknown or revoked API token.");
  return { workspaceId: row.workspaceId, tokenId: row.id, role: row.role };
}
