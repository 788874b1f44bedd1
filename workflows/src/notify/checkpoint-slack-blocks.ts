// The Slack message of a checkpoint: the request with its buttons, the count while a quorum
// fills, and the outcome that replaces the buttons. Pure, so the worker (which posts and settles
// it) and the engine (which updates it after a click) show one and the same message.
import type { ApprovalForChannels } from "../activities/notify-checkpoint";
import type { CheckpointField, CheckpointStatus, PreviewStep } from "../interpreter/checkpoint-contract";

type Block = Record<string, unknown>;
export interface SlackMessage {
  /** The notification fallback. */
  text: string;
  blocks: Block[];
}

/** What a Slack message of a checkpoint shows; ApprovalForChannels has it. */
export type ShownApproval = Pick<ApprovalForChannels, "id" | "kind" | "title" | "message" | "preview" | "editable">;

/** Someone who decided, as the message names them: `<@U…>` when Slack knows them, else their name. */
export interface ShownDecider {
  who: string;
  at: string;
}

/** The action ids of the buttons; each button's value is the approval id, nothing else. */
export const SLACK_ACTIONS = {
  approve: "checkpoint.approve",
  reject: "checkpoint.reject",
  edit: "checkpoint.edit",
  form: "checkpoint.form",
} as const;

/** Titles and messages are templated from run data: `<!channel>` or `<@U…>` in them must not ping anyone. */
export const escapeMrkdwn = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Slack shows a `<!date>` in each reader's own time zone; the fallback is UTC. */
export function slackTime(iso: string): string {
  const at = new Date(iso);
  return `<!date^${Math.floor(at.getTime() / 1000)}^{time}|${at.toISOString().slice(11, 16)} UTC>`;
}

// Slack's limits: 150 characters for a header, 3,000 for a section's text.
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const section = (mrkdwn: string): Block => ({ type: "section", text: { type: "mrkdwn", text: clip(mrkdwn, 3000) } });
const context = (mrkdwn: string): Block => ({
  type: "context",
  elements: [{ type: "mrkdwn", text: clip(mrkdwn, 3000) }],
});

function button(text: string, actionId: string, approvalId: string, style?: "primary" | "danger"): Block {
  return {
    type: "button",
    text: { type: "plain_text", text },
    action_id: actionId,
    value: approvalId,
    ...(style ? { style } : {}),
  };
}

function buttonsOf(approval: ShownApproval): Block {
  const id = approval.id;
  const elements =
    approval.kind === "task"
      ? [button("Open the form", SLACK_ACTIONS.form, id, "primary")]
      : [
          button("Approve", SLACK_ACTIONS.approve, id, "primary"),
          button("Reject", SLACK_ACTIONS.reject, id, "danger"),
          ...((approval.editable as unknown as CheckpointField[]).length
            ? [button("Approve with changes", SLACK_ACTIONS.edit, id)]
            : []),
        ];
  return { type: "actions", block_id: `checkpoint:${id}`, elements };
}

/** Title, message and what approving does: the blocks every state of the message keeps. */
function body(approval: ShownApproval): Block[] {
  const preview = (approval.preview as unknown as PreviewStep[]).map(
    (p) => `• ${escapeMrkdwn(p.description ?? p.uses)}`,
  );
  return [
    { type: "header", text: { type: "plain_text", text: clip(approval.title, 150) } },
    ...(approval.message ? [section(escapeMrkdwn(approval.message))] : []),
    ...(preview.length
      ? [section(`*${approval.kind === "task" ? "Then" : "If approved"}:*\n${preview.join("\n")}`)]
      : []),
  ];
}

export function requestMessage(approval: ShownApproval): SlackMessage {
  const ask = approval.kind === "task" ? "Task" : "Approval needed";
  return { text: `${ask}: ${approval.title}`, blocks: [...body(approval), buttonsOf(approval)] };
}

const names = (deciders: ShownDecider[]) => deciders.map((d) => d.who).join(", ");

/** A quorum filling: "1 of 2 approvals: @ana", with the buttons still there for the others. */
export function progressMessage(approval: ShownApproval, deciders: ShownDecider[], quorum: number): SlackMessage {
  const count = `${deciders.length} of ${quorum} approvals: ${names(deciders)}`;
  return {
    text: `Approval needed: ${approval.title} (${deciders.length} of ${quorum} approvals)`,
    blocks: [...body(approval), context(count), buttonsOf(approval)],
  };
}

const OUTCOME: Record<Exclude<CheckpointStatus, "pending">, string> = {
  approved: ":white_check_mark: Approved",
  rejected: ":x: Rejected",
  submitted: ":white_check_mark: Submitted",
  timed_out: ":hourglass: Timed out",
  cancelled: ":no_entry_sign: Cancelled",
};

/** The settled message, buttons gone: "Approved by @ana at 14:02", "Timed out at 14:02", "Cancelled". */
export function outcomeMessage(
  approval: ShownApproval,
  status: Exclude<CheckpointStatus, "pending">,
  deciders: ShownDecider[],
  decidedAt: string | undefined,
): SlackMessage {
  // A timeout that approves or rejects has no deciders: it says so by its time alone.
  const by = deciders.length && status !== "timed_out" ? ` by ${names(deciders)}` : "";
  const line = `${OUTCOME[status]}${by}${decidedAt && status !== "cancelled" ? ` at ${slackTime(decidedAt)}` : ""}`;
  return { text: `${approval.title}: ${line.replace(/^:[a-z_]+: /, "")}`, blocks: [...body(approval), section(line)] };
}

/** A thread reply under the request: a reminder, or the escalation naming who is asked now. */
export function threadReply(reason: "reminder" | "escalation", mentions: string[], approvals: number, quorum: number) {
  const whom = mentions.length ? ` ${mentions.join(" ")}` : "";
  if (reason === "escalation") return `Nobody has decided yet, so this now also asks${whom || " more approvers"}.`;
  return `Reminder${whom ? ` for${whom}` : ""}: this still waits for a decision (${approvals} of ${quorum} approvals so far).`;
}
