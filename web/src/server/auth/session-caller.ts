import type { Db } from "@switchyard/db";
import { ApiError } from "../http/errors";
import { WORKSPACE_HEADER } from "~/lib/workspace-header";
import type { ApiCaller } from "./api-token";

/**
 * A signed-in person acting in one of their workspaces, with their membership's role.
 * A workspace they do not belong to answers 404, exactly as one that does not exist,
 * so a URL never tells a stranger that a workspace is there.
 */
export async function sessionCaller(db: Db, userId: string, workspaceSlug: string | null): Promise<ApiCaller> {
  if (!workspaceSlug)
    throw new ApiError(400, "workspace_required", `Name the workspace in the ${WORKSPACE_HEADER} header.`);
  const membership = await db.membership.findFirst({
    where: { userId, workspace: { slug: workspaceSlug } },
    select: { role: true, workspaceId: true, user: { select: { id: true, email: true, name: true } } },
  });
  if (!membership) throw new ApiError(404, "not_found", `No workspace ${workspaceSlug}.`);
  const { user, role, workspaceId } = membership;
  return { workspaceId, tokenId: null, role, member: { ...user, role } };
}
