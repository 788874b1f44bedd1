// The checkpoint's Slack channel (worker side): posts the request as a Block Kit message, reminds
// and escalates in its thread, and settles it in place. Clicks come back through web's Bolt
// receiver (engine/slack-checkpoints.ts).
import { slackCall, type HttpClient } from "@switchyard/connectors";
import type { Prisma } from "@switchyard/db";
import type { ConnectionDeps } from "../connections/http";
import type { ApprovalForChannels, CheckpointChannel } from "../activities/notify-checkpoint";
import type { CheckpointStatus, NotifyReason } from "../interpreter/checkpoint-contract";
import { outcomeMessage, requestMessage, threadReply } from "./checkpoint-slack-blocks";
import { starterWhoCannotApprove } from "./checkpoint-recipients";
import { decidersShown, mentionsOf, postedMessageOf, slackHttp, slackSettingsOf } from "./checkpoint-slack-place";

/** The approvers as the definition wrote them (Approval.approvers). */
interface ApproverLists {
  approvers: string[] | null;
  escalateTo: string[] | null;
}

const decidedBy = (approval: ApprovalForChannels) =>
  approval.decisions.map((d) => ({
    email: d.actor,
    name: d.actorName,
    decision: d.decision as "approve" | "reject" | "submit",
    at: d.decidedAt.toISOString(),
  }));

export function createSlackCheckpointChannel(deps: ConnectionDeps): CheckpointChannel {
  const connect = async (approval: ApprovalForChannels) => {
    const settings = await slackSettingsOf(deps.db, approval);
    return { settings, http: await slackHttp(deps, approval.workspaceId, settings.connection) };
  };

  /** Posted once: a retried or replayed request finds the message it posted and posts nothing. */
  async function postRequest(approval: ApprovalForChannels, http: HttpClient, channel: string) {
    const posted = await slackCall<{ channel: string; ts: string }>(
      http,
      "chat.postMessage",
      { channel, ...requestMessage(approval) },
      { write: true },
    );
    await deps.db.approval.update({
      where: { id: approval.id },
      data: { slackMessage: { channel: posted.channel, ts: posted.ts } satisfies Prisma.InputJsonObject },
    });
  }

  async function replyInThread(approval: ApprovalForChannels, http: HttpClient, reason: "reminder" | "escalation") {
    const posted = postedMessageOf(approval)!;
    const lists = approval.approvers as unknown as ApproverLists;
    // Those who decided have nothing left to do; the run's starter cannot approve it (unless allowed).
    const starter = starterWhoCannotApprove(approval);
    const answered = [...approval.decisions.map((d) => d.actor), ...(starter ? [starter] : [])];
    const mentions = await mentionsOf(http, reason === "escalation" ? lists.escalateTo : lists.approvers, answered);
    const approvals = approval.decisions.filter((d) => d.decision === "approve").length;
    await slackCall(
      http,
      "chat.postMessage",
      {
        channel: posted.channel,
        thread_ts: posted.ts,
        text: threadReply(reason, mentions, approvals, approval.quorum),
      },
      { write: true },
    );
  }

  return {
    name: "slack",
    async ask(approval: ApprovalForChannels, reason: NotifyReason) {
      const posted = postedMessageOf(approval);
      if (reason === "request" && posted) return;
      const { settings, http } = await connect(approval);
      // A reminder whose request never got through asks afresh.
      if (!posted) return postRequest(approval, http, settings.channel);
      await replyInThread(approval, http, reason === "request" ? "reminder" : reason);
    },

    /** The message in place: who decided and when (or timed out, cancelled), buttons gone. */
    async settle(approval: ApprovalForChannels) {
      const posted = postedMessageOf(approval);
      const status = approval.status as CheckpointStatus;
      if (!posted || status === "pending") return;
      const { http } = await connect(approval);
      const deciders = await decidersShown(http, decidedBy(approval), status);
      const message = outcomeMessage(approval, status, deciders, approval.decidedAt?.toISOString());
      await slackCall(http, "chat.update", { channel: posted.channel, ts: posted.ts, ...message }, { write: true });
    },
  };
}
