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
 * the workspace's connection) and the workspace member with that email. Someone the workspace does
 * not know is refused, even when a checkpoint names their Slack id: a person decides as one member,
 * the same through every channel, so quorums and the self-approval rule count people, not accounts.
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
    select: { role: true, user: { select: { name: true, email: true } } },
  });
  if (!membership)
    return { refusal: `${email} is not a member of this Switchyard workspace, so it cannot decide here.` };
  const name = membership.user.name ?? user?.profile?.real_name ?? user?.real_name ?? user?.name;
  return { email: membership.user.email.toLowerCase(), ...(name ? { name } : {}), role: membership.role, slackUserId };
}
