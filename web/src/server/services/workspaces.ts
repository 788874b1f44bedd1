import { randomBytes } from "node:crypto";
import { isUniqueViolation, type Db, type Role } from "@switchyard/db";
import type { z } from "zod";
import { ApiError } from "../http/errors";
import type { createWorkspaceInput } from "../trpc/routers/workspaces.schema";

export interface MyWorkspace {
  id: string;
  slug: string;
  name: string;
  role: Role;
}

/** The workspaces a person belongs to, oldest membership first (the first is where they land). */
export async function listMyWorkspaces(db: Db, userId: string): Promise<MyWorkspace[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true } } },
  });
  return rows.map(({ role, workspace }) => ({ ...workspace, role }));
}

const slugOf = (name: string) =>
  name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40) || "workspace";

/** Creates a workspace its creator owns. A slug taken by someone else's workspace is never revealed: a free one is chosen unless the caller asked for that exact slug. */
export async function createWorkspace(
  db: Db,
  userId: string,
  input: z.infer<typeof createWorkspaceInput>,
): Promise<MyWorkspace> {
  const wanted = input.slug ?? slugOf(input.name);
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? wanted : `${wanted.slice(0, 40)}-${randomBytes(3).toString("hex")}`;
    try {
      const ws = await db.workspace.create({
        data: { slug, name: input.name, members: { create: { userId, role: "owner" } } },
        select: { id: true, slug: true, name: true },
      });
      return { ...ws, role: "owner" };
    } catch (err) {
      // Taken, before or at the same moment: the unique index decides, not an earlier look.
      if (!isUniqueViolation(err)) throw err;
      if (input.slug) throw new ApiError(409, "slug_taken", `The address ${slug} is taken; choose another.`);
    }
  }
  throw new ApiError(409, "slug_taken", "Could not find a free address for this workspace; give one.");
}
