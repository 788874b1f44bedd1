// Where a checkpoint talks to Slack: the connection and channel its step names, the message it
// posted there, and how the people in it are named (`<@U…>` once Slack knows their email).
import { NonRetryableError, slackCall, type HttpClient } from "@switchyard/connectors";
import type { Db, Prisma } from "@switchyard/db";
import { httpForConnection, type ConnectionDeps } from "../connections/http";
import type { CheckpointStatus, DecisionKind } from "../interpreter/checkpoint-contract";
import { escapeMrkdwn, type ShownDecider } from "./checkpoint-slack-blocks";

/** The step's `slack`: a Slack connection of the workspace, by name, and a channel id. */
export interface SlackSettings {
  connection: string;
  channel: string;
}

/** The request as posted, kept in Approval.slackMessage so it is updated in place. */
export interface PostedMessage {
  channel: string;
  ts: string;
}

export const postedMessageOf = (approval: { slackMessage: Prisma.JsonValue }) =>
  approval.slackMessage as PostedMessage | null;

/** The step's rendered `with` (its StepRun input) holds the checkpoint's `slack`. */
export async function slackSettingsOf(db: Db, approval: { runId: string; stepId: string }): Promise<SlackSettings> {
  const step = await db.stepRun.findUnique({
    where: { runId_stepId: { runId: approval.runId, stepId: approval.stepId } },
    select: { input: true },
  });
  const slack = (step?.input as { slack?: SlackSettings } | null)?.slack;
  if (!slack) throw new NonRetryableError(`checkpoint ${approval.stepId} names no slack { connection, channel }`);
  return slack;
}

/** A client bound to the workspace's Slack connection (decrypted, refreshed, at the configured base URL). */
export async function slackHttp(deps: ConnectionDeps, workspaceId: string, connection: string): Promise<HttpClient> {
  return (await httpForConnection(deps, workspaceId, "slack", connection)).http;
}

/** `<@U…>` for a member Slack finds by email; their name or email otherwise (a mention is a nicety, never a failure). */
async function mentionByEmail(http: HttpClient, email: string, fallback: string): Promise<string> {
  try {
    const { user } = await slackCall<{ user?: { id?: string } }>(http, "users.lookupByEmail", { email }, { get: true });
    return user?.id ? `<@${user.id}>` : escapeMrkdwn(fallback);
  } catch {
    return escapeMrkdwn(fallback);
  }
}

/** Approvers as a reminder or escalation names them: Slack ids and emails as mentions, roles by name. */
export async function mentionsOf(http: HttpClient, approvers: string[] | null, answered: string[]): Promise<string[]> {
  return Promise.all(
    (approvers ?? [])
      .filter((a) => !answered.includes(a.toLowerCase()))
      .map((a) => (a.includes("@") ? mentionByEmail(http, a, a) : /^[UW][A-Z0-9]+$/.test(a) ? `<@${a}>` : `any ${a}`)),
  );
}

export interface Decided {
  email: string;
  name?: string | null;
  decision: DecisionKind;
  at: string;
}

const DECIDING: Partial<Record<CheckpointStatus, DecisionKind>> = {
  approved: "approve",
  rejected: "reject",
  submitted: "submit",
  pending: "approve",
};

/** Those whose decisions brought the status about, named for the message; `known` maps emails to Slack ids already at hand. */
export async function decidersShown(
  http: HttpClient,
  decisions: Decided[],
  status: CheckpointStatus,
  known: Record<string, string> = {},
): Promise<ShownDecider[]> {
  const deciding = decisions.filter((d) => d.decision === DECIDING[status]);
  return Promise.all(
    deciding.map(async (d) => ({
      who: known[d.email] ? `<@${known[d.email]}>` : await mentionByEmail(http, d.email, d.name ?? d.email),
      at: d.at,
    })),
  );
}
