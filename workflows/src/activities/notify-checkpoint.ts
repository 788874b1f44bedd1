import type { Prisma } from "@switchyard/db";
import type { NotifyReason } from "../interpreter/checkpoint-contract";
import type { ActivityDeps } from "./deps";

/** An approval as a channel needs it to ask people, with its decisions so far. */
export const approvalForChannels = {
  id: true,
  workspaceId: true,
  runId: true,
  stepId: true,
  kind: true,
  title: true,
  message: true,
  preview: true,
  editable: true,
  form: true,
  approvers: true,
  quorum: true,
  status: true,
  expiresAt: true,
  decidedAt: true,
  notifiedAt: true,
  slackMessage: true,
  run: { select: { workflow: { select: { name: true, slug: true } } } },
  decisions: { select: { actor: true, actorName: true, decision: true, decidedAt: true } },
} as const satisfies Prisma.ApprovalSelect;

export type ApprovalForChannels = Prisma.ApprovalGetPayload<{ select: typeof approvalForChannels }>;

/** One way of reaching people (email, Slack); the web inbox needs no push. */
export interface CheckpointChannel {
  name: "email" | "slack";
  /** Asks (or reminds) those who may decide and have not; throws to have the activity retried. */
  ask(approval: ApprovalForChannels, reason: NotifyReason): Promise<void>;
  /** Shows the outcome where the request was made (Slack updates its message in place). */
  settle?(approval: ApprovalForChannels): Promise<void>;
}

const channelsOf = (approval: ApprovalForChannels): string[] =>
  ((approval.approvers as { channels?: string[] } | null)?.channels ?? ["web"]).filter((c) => c !== "web");

const STAMP: Record<NotifyReason, "notifiedAt" | "remindedAt" | "escalatedAt"> = {
  request: "notifiedAt",
  reminder: "remindedAt",
  escalation: "escalatedAt",
};

export function createNotifyCheckpointActivities(deps: ActivityDeps) {
  const load = (approvalId: string) =>
    deps.db.approval.findUniqueOrThrow({ where: { id: approvalId }, select: approvalForChannels });
  const channels = (approval: ApprovalForChannels) =>
    (deps.checkpointChannels ?? []).filter((c) => channelsOf(approval).includes(c.name));
  return {
    /**
     * Sends the request, a reminder or the escalation through the checkpoint's channels. A request is
     * sent once: a workflow replayed or an activity retried after the stamp never asks again.
     */
    async notifyCheckpoint({ approvalId, reason }: { approvalId: string; reason: NotifyReason }): Promise<void> {
      const approval = await load(approvalId);
      if (approval.status !== "pending" || (reason === "request" && approval.notifiedAt)) return;
      for (const channel of channels(approval)) await channel.ask(approval, reason);
      await deps.db.approval.update({ where: { id: approvalId }, data: { [STAMP[reason]]: new Date() } });
    },

    /** Shows the outcome in the channels that asked (best effort: the decision stands either way). */
    async showCheckpointOutcome({ approvalId }: { approvalId: string }): Promise<void> {
      const approval = await load(approvalId);
      for (const channel of channels(approval)) await channel.settle?.(approval);
    },
  };
}
