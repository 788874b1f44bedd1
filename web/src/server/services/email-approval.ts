// An approval mail's link: the token names one approver and one approval. Opening it (GET, HEAD)
// only shows the approval, so mail scanners and chat previews, which only fetch, never decide;
// the page's own form (POST, from our origin) decides, through the engine's `decide` like every channel.
import { utcMinute } from "@switchyard/connectors";
import type { Prisma } from "@switchyard/db";
import {
  decide,
  verifyApprovalLink,
  type ApprovalLink,
  type CheckpointField,
  type DecisionKind,
  type MemberRole,
  type PreviewStep,
} from "@switchyard/workflows/engine";
import type { Services } from "../context";
import { recordDecision } from "./approval-audit";
import { byAddress } from "./audit";
import { formDecision, type FormDecision } from "./email-approval-form";

const approvalForPage = {
  id: true,
  workspaceId: true,
  kind: true,
  title: true,
  message: true,
  preview: true,
  editable: true,
  form: true,
  quorum: true,
  status: true,
  expiresAt: true,
  decidedAt: true,
  run: { select: { workflow: { select: { name: true } } } },
  decisions: {
    select: { actor: true, actorName: true, decision: true, decidedAt: true },
    orderBy: { decidedAt: "asc" },
  },
} as const satisfies Prisma.ApprovalSelect;

export type ApprovalForPage = Prisma.ApprovalGetPayload<{ select: typeof approvalForPage }>;

export const fieldsOf = (a: ApprovalForPage) =>
  (a.kind === "task" ? a.form : a.editable) as unknown as CheckpointField[];
export const previewOf = (a: ApprovalForPage) => a.preview as unknown as PreviewStep[];

/** What the link answers: the approval with its form, or a page that says why not (changing nothing). */
export type EmailApprovalAnswer =
  | {
      kind: "form";
      status: 200 | 400;
      approval: ApprovalForPage;
      email: string;
      intent?: DecisionKind;
      /** After a refused field: what the approver sent, and why it was refused. */
      sent?: FormDecision;
      error?: string;
    }
  | {
      kind: "notice";
      status: number;
      title: string;
      lines: string[];
      approval?: ApprovalForPage;
      /** Seconds, for a 503. */
      retryAfter?: number;
    };

type Notice = Extract<EmailApprovalAnswer, { kind: "notice" }>;
const notice = (status: number, title: string, ...lines: string[]): Notice => ({
  kind: "notice",
  status,
  title,
  lines,
});

const OUTCOME: Record<string, string> = {
  approved: "approved",
  rejected: "rejected",
  submitted: "submitted",
  timed_out: "closed: it timed out",
  cancelled: "closed: its run was cancelled",
};

/** The page after a decision that settled the checkpoint. */
const SETTLED: Record<string, [title: string, line: string]> = {
  approved: ["Approved", "Thank you. The run goes on."],
  rejected: ["Rejected", "Thank you. The steps that needed this approval are skipped."],
  submitted: ["Submitted", "Thank you. The run goes on with your answers."],
};

interface Opened {
  approval: ApprovalForPage;
  link: ApprovalLink;
  actor: { email: string; name?: string; role: MemberRole };
}

/**
 * The token checked, its approval loaded, and the approver still a member who has not decided;
 * otherwise the page that says which of these failed.
 */
async function open(s: Services, token: string): Promise<Opened | EmailApprovalAnswer> {
  const link = await verifyApprovalLink(s.keyRing(), token);
  if (!link.ok)
    return link.reason === "expired"
      ? notice(410, "This link has expired", "The approval it was sent for has closed, so nothing was changed.")
      : notice(400, "This link is not valid", "It may be incomplete or altered. Nothing was changed.");
  const approval = await s.db.approval.findUnique({ where: { id: link.approvalId }, select: approvalForPage });
  if (!approval) return notice(404, "Approval not found", "It no longer exists. Nothing was changed.");
  const member = await s.db.membership.findFirst({
    where: { workspaceId: approval.workspaceId, user: { email: { equals: link.email, mode: "insensitive" } } },
    select: { role: true, user: { select: { name: true } } },
  });
  if (!member)
    return notice(
      403,
      "Not decided",
      `${link.email} is no longer a member of this workspace, so this link cannot decide.`,
    );
  if (approval.status !== "pending") return closed(approval);
  const mine = approval.decisions.find((d) => d.actor.toLowerCase() === link.email);
  if (mine)
    return {
      ...notice(
        409,
        "You already decided",
        `You chose ${mine.decision} at ${utcMinute(mine.decidedAt)}. A link decides once.`,
      ),
      approval,
    };
  const actor = { email: link.email, role: member.role, ...(member.user.name ? { name: member.user.name } : {}) };
  return { approval, link, actor };
}

function closed(approval: ApprovalForPage): EmailApprovalAnswer {
  const at = approval.decidedAt ? ` at ${utcMinute(approval.decidedAt)}` : "";
  return {
    ...notice(
      409,
      "Already decided",
      `This ${approval.kind} is already ${OUTCOME[approval.status]}${at}. Nothing was changed.`,
    ),
    approval,
  };
}

/** GET and HEAD: shows, never decides. `intent` (from the mail's Approve or Reject link) only picks the focused button. */
export async function showEmailApproval(
  s: Services,
  token: string,
  intent: string | null,
): Promise<EmailApprovalAnswer> {
  const opened = await open(s, token);
  if ("kind" in opened) return opened;
  const known = intent === "approve" || intent === "reject" ? { intent: intent as DecisionKind } : {};
  return { kind: "form", status: 200, approval: opened.approval, email: opened.link.email, ...known };
}

/** The only way a link decides: the page's form, posted from our own origin (a form on another site cannot). */
export async function decideByEmail(
  s: Services,
  token: string,
  origin: string | null,
  body: URLSearchParams,
): Promise<EmailApprovalAnswer> {
  if (origin !== new URL(s.oauth.publicUrl).origin)
    return notice(403, "Not decided", "The decision must be sent from the approval page itself. Open the link again.");
  const opened = await open(s, token);
  if ("kind" in opened) return opened;
  const { approval, actor } = opened;
  const sent = formDecision(fieldsOf(approval), approval.kind, body);
  if ("error" in sent) return { kind: "form", status: 400, approval, email: actor.email, error: sent.error };
  const outcome = await decide(
    { db: s.db, engineClient: () => s.engine() },
    { workspaceId: approval.workspaceId, approvalId: approval.id, actor, ...sent, channel: "email" },
  );
  switch (outcome.kind) {
    case "decided": {
      await recordDecision(s.db, byAddress(actor.email), {
        workspaceId: approval.workspaceId,
        approvalId: approval.id,
        decision: sent.decision,
        channel: "email",
        reply: outcome.reply,
      });
      const { status, approvals, quorum } = outcome.reply;
      return status === "pending"
        ? notice(200, "Approval counted", `${approvals} of ${quorum} approvals so far; the run waits for the rest.`)
        : notice(200, ...SETTLED[status]!);
    }
    case "refused":
      if (outcome.code === "invalid_field")
        return { kind: "form", status: 400, approval, email: actor.email, sent, error: outcome.message };
      return { ...notice(outcome.httpStatus, "Not decided", outcome.message), approval };
    case "not_found":
      return notice(404, "Approval not found", "It no longer exists. Nothing was changed.");
    case "unavailable":
      // A timed-out Update may still have been taken, so the page does not claim nothing was.
      return {
        ...notice(
          503,
          "Not decided yet",
          "Switchyard's engine did not answer, so your decision may not have been taken. " +
            "Open the link again in a few seconds to see where it stands.",
        ),
        retryAfter: 5,
      };
  }
}
