// Who started an OAuth2 attempt: an API token (the CLI, scripts) or a signed-in person (the web app).
// Either must still be allowed to add connections when the attempt is confirmed and when it finishes,
// since a token can be revoked and a person removed or demoted in the ten minutes between.
import type { Db, Role } from "@switchyard/db";
import type { ApiCaller } from "../auth/api-token";
import { hasRole } from "../auth/roles";

export const starterInclude = {
  token: {
    select: { name: true, role: true, revokedAt: true, user: { select: { id: true, email: true, name: true } } },
  },
  user: { select: { id: true, email: true, name: true } },
} as const;

interface StartedAttempt {
  workspaceId: string;
  tokenId: string | null;
  token: {
    name: string;
    role: Role;
    revokedAt: Date | null;
    user: { id: string; email: string; name: string | null } | null;
  } | null;
  user: { id: string; email: string; name: string | null } | null;
}

export interface Starter {
  /** Still holds editor or higher: a valid token, or a person who is still a member. */
  allowed: boolean;
  /** For the confirmation page's "Asked by:" line. */
  label: string;
  /** Why the attempt cannot go on, when it cannot. */
  refusal: string;
  /** The starter as the audit log records them. */
  caller: ApiCaller;
}

const TOKEN_GONE =
  "The API token that started this connection is revoked or no longer allowed to add connections; start again with another.";
const PERSON_GONE =
  "Whoever started this connection is no longer a member of this workspace with the editor role or higher, which adding connections needs. Nothing was connected.";

export async function starterOf(db: Db, attempt: StartedAttempt): Promise<Starter> {
  const { workspaceId, token, user } = attempt;
  if (token) {
    const creator = token.user;
    return {
      allowed: !token.revokedAt && hasRole(token.role, "editor"),
      label: `the API token "${token.name}" (${token.role})${creator ? ` of ${creator.email}` : ""}`,
      refusal: TOKEN_GONE,
      caller: { workspaceId, tokenId: attempt.tokenId, role: token.role, member: null },
    };
  }
  const membership = user
    ? await db.membership.findUnique({
        where: { userId_workspaceId: { userId: user.id, workspaceId } },
        select: { role: true },
      })
    : null;
  return {
    allowed: !!membership && hasRole(membership.role, "editor"),
    label: user ? `${user.email} (${membership?.role ?? "no longer a member"})` : "nobody who is still here",
    refusal: PERSON_GONE,
    caller: {
      workspaceId,
      tokenId: null,
      role: membership?.role ?? "viewer",
      member: user && membership ? { ...user, role: membership.role } : null,
    },
  };
}
