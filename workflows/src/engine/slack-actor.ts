import { slackCall, type HttpClient } from "@switchyard/connectors";
import type { Db } from "@switchyard/db";
import type { Actor } from "../interpreter/checkpoint-contract";

interface SlackUser {
  name?: string;
  real_name?: string;
  profile?: { email?: string; real_name?: string };
}

/**
 * Who clicked, as the checkpoint's rules know people: the Slack user's email (users.info, through
 * the workspace's connection) and that member's role. Someone Slack knows but the workspace does
 * not counts as a viewer: only a checkpoint naming their email or Slack id lets them decide.
 */
export async function slackActor(
  db: Db,
  http: HttpClient,
  workspaceId: string,
  slackUserId: string,
): Promise<Actor | { refusal: string }> {
  const { user } = await slackCall<{ user?: SlackUser }>(http, "users.info", { user: slackUserId }, { get: true });
  const email = user?.profile?.email?.toLowerCase();
  if (!email)
    return { refusal: "Switchyard cannot see the email of your Slack account, so it cannot tell who is deciding." };
  const membership = await db.membership.findFirst({
    where: { workspaceId, user: { email: { equals: email, mode: "insensitive" } } },
    select: { role: true, user: { select: { name: true } } },
  });
  const name = membership?.user.name ?? user?.profile?.real_name ?? user?.real_name ?? user?.name;
  return { email, ...(name ? { name } : {}), role: membership?.role ?? "viewer", slackUserId };
}
