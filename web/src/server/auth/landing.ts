import "server-only";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { services } from "../context";
import { listMyWorkspaces, type MyWorkspace } from "../services/workspaces";
import { signedInUserId } from "./session";

/** Remembers the workspace last opened, so "/" lands there. Not a credential: membership is checked on every request. */
export const LAST_WORKSPACE_COOKIE = "sy_last_workspace";

/** The signed-in person's id, or a redirect to sign-in that comes back here. */
export async function requireSignedIn(returnTo: string): Promise<string> {
  const userId = await signedInUserId();
  if (!userId) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return userId;
}

export interface WorkspacePage {
  userId: string;
  workspace: MyWorkspace;
  workspaces: MyWorkspace[];
  user: { email: string; name: string | null };
}

/** A workspace page's guard: signed in, and a member, else 404 (a stranger learns nothing about the workspace). */
export async function workspacePage(slug: string): Promise<WorkspacePage> {
  const userId = await requireSignedIn(`/w/${slug}`);
  const { db } = services();
  const [workspaces, user] = await Promise.all([
    listMyWorkspaces(db, userId),
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } }),
  ]);
  const workspace = workspaces.find((w) => w.slug === slug);
  if (!workspace) notFound();
  return { userId, workspace, workspaces, user };
}

/** Where "/" sends a signed-in person: the workspace they last opened, else their first, else onboarding. */
export async function landingPath(userId: string): Promise<string> {
  const workspaces = await listMyWorkspaces(services().db, userId);
  const last = (await cookies()).get(LAST_WORKSPACE_COOKIE)?.value;
  const target = workspaces.find((w) => w.slug === last) ?? workspaces[0];
  return target ? `/w/${target.slug}` : "/welcome";
}
