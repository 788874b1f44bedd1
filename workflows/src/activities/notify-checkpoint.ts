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
  deliveries: true,
  slackMessage: true,
  allowSelfApproval: true,
  escalatedAt: true,
  run: { select: { workflow: { select: { name: true, slug: true } }, startedBy: { select: { email: true } } } },
  decisions: { select: { actor: true, actorName: true, decision: true, decidedAt: true } },
} as const satisfies Prisma.ApprovalSelect;

export type ApprovalForChannels = Prisma.ApprovalGetPayload<{ select: typeof approvalForChannels }>;

/**
 * What one notification has already delivered, kept across the activity's retries: a channel that
 * sends several messages (a mail per person) skips those that went out before a failure.
 */
export interface Deliveries {
  sent(part: string): boolean;
  record(part: string): Promise<void>;
}

/** One way of reaching people (email, Slack); the web inbox needs no push. */
export interface CheckpointChannel {
  name: "email" | "slack";
  /** Asks (or reminds) those who may decide and have not; throws to have the activity retried. */
  ask(approval: ApprovalForChannels, reason: NotifyReason, deliveries: Deliveries): Promise<void>;
  /** Shows the outcome where the request was made (Slack updates its message in place). */
  settle?(approval: ApprovalForChannels): Promise<void>;
}

const channelsOf = (approval: ApprovalForChannels): string[] =>
  ((approval.approvers as { channels?: string[] } | null)?.channels ?? ["web"]).filter((c) => c !== "web");

const STAMP: Record<Exclude<NotifyReason, "escalation">, "notifiedAt" | "remindedAt"> = {
  request: "notifiedAt",
  reminder: "remindedAt",
};

export interface NotifyInput {
  approvalId: string;
  reason: NotifyReason;
  /** Which reminder this is (1, 2, …); a request and an escalation happen once. */
  number?: number;
}

export function createNotifyCheckpointActivities(deps: ActivityDeps) {
  const load = (approvalId: string) =>
    deps.db.approval.findUniqueOrThrow({ where: { id: approvalId }, select: approvalForChannels });
  const channels = (approval: ApprovalForChannels) =>
    (deps.checkpointChannels ?? []).filter((c) => channelsOf(approval).includes(c.name));
  return {
    /**
     * Sends the request, a reminder (the `number`th) or the escalation through the checkpoint's channels.
     * Each channel's delivery is recorded as it succeeds, so a retried activity, or a replayed workflow,
     * sends only what has not gone out: one channel's failure never repeats another's messages.
     */
    async notifyCheckpoint({ approvalId, reason, number = 0 }: NotifyInput): Promise<void> {
      // Escalation widens who may decide whether or not a message gets through: the inbox shows it at once.
      if (reason === "escalation")
        await deps.db.approval.updateMany({
          where: { id: approvalId, escalatedAt: null },
          data: { escalatedAt: new Date() },
        });
      const approval = await load(approvalId);
      if (approval.status !== "pending") return;
      const delivered = { ...(approval.deliveries as Record<string, string>) };
      const record = async (key: string) => {
        delivered[key] = new Date().toISOString();
        await deps.db.approval.update({ where: { id: approvalId }, data: { deliveries: delivered } });
      };
      for (const channel of channels(approval)) {
        const key = `${reason}:${number}:${channel.name}`;
        if (delivered[key]) continue;
        await channel.ask(approval, reason, {
          sent: (part) => Object.hasOwn(delivered, `${key}:${part}`),
          record: (part) => record(`${key}:${part}`),
        });
        await record(key);
      }
      if (reason !== "escalation")
        await deps.db.approval.update({ where: { id: approvalId }, data: { [STAMP[reason]]: new Date() } });
    },

    /** Shows the outcome in the channels that asked (best effort: the decision stands either way). */
    async showCheckpointOutcome({ approvalId }: { approvalId: string }): Promise<void> {
      const approval = await load(approvalId);
      for (const channel of channels(approval)) await channel.settle?.(approval);
    },
  };
}
