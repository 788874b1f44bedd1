// What web's Slack interactions receiver asks of the engine: a click on a checkpoint's buttons
// decided through `decide`, and the modal of "Approve with changes" or a task's form. Slack is
// reached through the approval's workspace connection, never through a token web holds.
import { slackCall, type HttpClient } from "@switchyard/connectors";
import type { Db } from "@switchyard/db";
import { approvalForChannels, type ApprovalForChannels } from "../activities/notify-checkpoint";
import { checkFields } from "../interpreter/checkpoint-rules";
import type { DecisionKind, DecisionReply } from "../interpreter/checkpoint-contract";
import { outcomeMessage, progressMessage } from "../notify/checkpoint-slack-blocks";
export { SLACK_ACTIONS } from "../notify/checkpoint-slack-blocks";
export { SLACK_MODALS } from "../notify/checkpoint-slack-modal";
import { checkpointModal, modalFields, submittedValues } from "../notify/checkpoint-slack-modal";
import { decidersShown, postedMessageOf, slackHttp, slackSettingsOf } from "../notify/checkpoint-slack-place";
import { decide } from "./decide";
import type { EngineDeps } from "./deps";
import { slackActor } from "./slack-actor";

/** Who clicked where: the Slack team and user of the (signed) payload, and the approval its button names. */
export interface SlackClick {
  teamId: string;
  userId: string;
  approvalId: string;
}

export interface SlackDecision extends SlackClick {
  decision: DecisionKind;
  edits?: Record<string, unknown>;
  values?: Record<string, unknown>;
}

type Deps = Pick<
  EngineDeps,
  "db" | "engineClient" | "logger" | "registry" | "http" | "keyRing" | "baseUrls" | "oauthClients"
>;

interface Found {
  approval: ApprovalForChannels;
  http: HttpClient;
  /** Where the request was posted (or is to be): private replies go there. */
  channel: string;
  whisper(text: string): Promise<unknown>;
}

/**
 * The approval, if its checkpoint posts through a connection to this Slack team: an id from
 * another team (or another tenant's connection) finds nothing.
 */
async function checkpointInTeam(deps: Deps, click: SlackClick): Promise<Found | undefined> {
  const approval = await deps.db.approval.findUnique({ where: { id: click.approvalId }, select: approvalForChannels });
  if (!approval) return undefined;
  const settings = await slackSettingsOf(deps.db, approval).catch(() => undefined);
  const connection =
    settings &&
    (await deps.db.connection.findFirst({
      where: {
        workspaceId: approval.workspaceId,
        name: settings.connection,
        connector: "slack",
        metadata: { path: ["account", "id"], equals: click.teamId },
      },
      select: { id: true },
    }));
  if (!connection) return undefined;
  const http = await slackHttp(deps, approval.workspaceId, settings.connection);
  const channel = postedMessageOf(approval)?.channel ?? settings.channel;
  const whisper = (text: string) =>
    slackCall(http, "chat.postEphemeral", { channel, user: click.userId, text }, { write: true });
  return { approval, http, channel, whisper };
}

const NOT_FOUND = "This checkpoint is not in a Switchyard workspace connected to this Slack team.";

/**
 * Whether the checkpoint moved on after this reply (another decision, or its outcome): then a
 * progress count would overwrite newer news, and the worker shows the outcome anyway.
 */
async function decidedSince(db: Db, found: Found, reply: DecisionReply): Promise<boolean> {
  const now = await db.approval.findUnique({
    where: { id: found.approval.id },
    select: { status: true, _count: { select: { decisions: true } } },
  });
  return !now || now.status !== "pending" || now._count.decisions > reply.decidedBy.length;
}

/** The message in place after a decision: the count while the quorum fills, else who decided and when. */
async function showDecision(
  db: Db,
  found: Found,
  reply: DecisionReply,
  clicked: { email: string; slackUserId: string },
) {
  const posted = postedMessageOf(found.approval);
  if (!posted) return;
  const decided = reply.decidedBy.map((d) => ({ email: d.email, name: d.name, decision: d.decision, at: d.at }));
  const deciders = await decidersShown(found.http, decided, reply.status, { [clicked.email]: clicked.slackUserId });
  if (reply.status === "pending" && (await decidedSince(db, found, reply))) return;
  const message =
    reply.status === "pending"
      ? progressMessage(found.approval, deciders, reply.quorum)
      : outcomeMessage(found.approval, reply.status, deciders, reply.decidedAt);
  await slackCall(found.http, "chat.update", { channel: posted.channel, ts: posted.ts, ...message }, { write: true });
}

/** A decision the run counted, as web's audit log records it. */
export interface SlackDecided {
  workspaceId: string;
  approvalId: string;
  email: string;
  decision: DecisionKind;
  reply: DecisionReply;
}

/**
 * A decision from Slack: the clicker mapped to a member, then `decide` (channel "slack"). Decided:
 * `onDecided` hears of it, then the message is updated in place. Refused (not an approver,
 * self-approval, a second click, too late): a private reply says why, and the run keeps waiting.
 */
export async function answerSlackCheckpoint(
  deps: Deps,
  click: SlackDecision,
  onDecided?: (decided: SlackDecided) => Promise<void>,
): Promise<void> {
  const found = await checkpointInTeam(deps, click);
  if (!found) {
    deps.logger.warn("Slack click on a checkpoint this team does not reach", {
      team: click.teamId,
      approval: click.approvalId,
    });
    return;
  }
  const actor = await slackActor(deps.db, found.http, found.approval.workspaceId, click.userId);
  if ("refusal" in actor) return void (await found.whisper(actor.refusal));
  const { teamId: _t, userId: _u, ...decision } = click;
  const outcome = await decide(deps, { ...decision, workspaceId: found.approval.workspaceId, actor, channel: "slack" });
  if (outcome.kind === "decided") {
    await onDecided?.({
      workspaceId: found.approval.workspaceId,
      approvalId: click.approvalId,
      email: actor.email,
      decision: click.decision,
      reply: outcome.reply,
    });
    return showDecision(deps.db, found, outcome.reply, { email: actor.email, slackUserId: click.userId });
  }
  await found.whisper(outcome.kind === "not_found" ? NOT_FOUND : outcome.message);
}

/** "Approve with changes" or "Open the form": the modal, prefilled (Slack's trigger id lives 3 s). */
export async function openSlackCheckpointModal(deps: Deps, click: SlackClick & { triggerId: string }): Promise<void> {
  const found = await checkpointInTeam(deps, click);
  if (!found) return;
  if (found.approval.status !== "pending")
    return void (await found.whisper(`This checkpoint is already ${found.approval.status.replace("_", " ")}.`));
  await slackCall(
    found.http,
    "views.open",
    { trigger_id: click.triggerId, view: checkpointModal(found.approval) },
    { write: true },
  );
}

export interface SlackModalSubmission {
  approvalId: string;
  state: Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>;
}

/**
 * A submitted modal read against the approval's fields: errors by field (shown in the modal,
 * which stays open), or the decision to hand to answerSlackCheckpoint once Slack has its answer;
 * undefined for an approval that is gone.
 */
export async function readSlackCheckpointModal(
  deps: Pick<Deps, "db">,
  submission: SlackModalSubmission,
): Promise<{ errors: Record<string, string> } | Pick<SlackDecision, "decision" | "edits" | "values"> | undefined> {
  const approval = await deps.db.approval.findUnique({
    where: { id: submission.approvalId },
    select: { kind: true, editable: true, form: true },
  });
  if (!approval) return undefined;
  const task = approval.kind === "task";
  const fields = modalFields(approval);
  const values = submittedValues(fields, submission.state, { changedOnly: !task });
  const problem = checkFields(fields, values, { complete: task });
  if (problem) return { errors: { [String(problem.details?.field)]: problem.message } };
  return task ? { decision: "submit", values } : { decision: "approve", edits: values };
}
