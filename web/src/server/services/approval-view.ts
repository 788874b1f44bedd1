// An Approval row as the inbox shows it (REST, tRPC and the CLI read the same shape).
import type { Prisma } from "@switchyard/db";
import type { CheckpointField, PreviewStep, RecordedDecision } from "@switchyard/workflows/engine";
import type { StoredApprovers } from "./approval-access";

export interface DecisionView {
  actor: string;
  actorName: string | null;
  decision: string;
  edits: unknown;
  values: unknown;
  comment: string | null;
  channel: string;
  decidedAt: string;
}

export interface ApprovalView {
  id: string;
  runId: string;
  workflow: string;
  stepId: string;
  kind: string;
  title: string;
  message: string | null;
  preview: PreviewStep[];
  editable: CheckpointField[];
  form: CheckpointField[];
  /** As the definition names them (emails, roles, Slack user ids); null: any member with the approver role or higher. */
  approvers: string[] | null;
  /** Added once nobody answered in time (`escalatedAt`). */
  escalateTo: string[] | null;
  escalatedAt: string | null;
  channels: string[];
  quorum: number;
  decisions: DecisionView[];
  status: string;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
}

export const approvalInclude = {
  run: { select: { workflow: { select: { slug: true } } } },
  decisions: { orderBy: [{ decidedAt: "asc" }, { id: "asc" }] },
} as const satisfies Prisma.ApprovalInclude;
type ApprovalRow = Prisma.ApprovalGetPayload<{ include: typeof approvalInclude }>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function approvalView(row: ApprovalRow): ApprovalView {
  const stored = row.approvers as unknown as StoredApprovers;
  return {
    id: row.id,
    runId: row.runId,
    workflow: row.run.workflow.slug,
    stepId: row.stepId,
    kind: row.kind,
    title: row.title,
    message: row.message,
    preview: row.preview as unknown as PreviewStep[],
    editable: row.editable as unknown as CheckpointField[],
    form: row.form as unknown as CheckpointField[],
    approvers: stored.approvers,
    escalateTo: stored.escalateTo,
    escalatedAt: iso(row.escalatedAt),
    channels: stored.channels,
    quorum: row.quorum,
    decisions: row.decisions.map((d) => ({
      actor: d.actor,
      actorName: d.actorName,
      decision: d.decision,
      edits: d.edits,
      values: d.values,
      comment: d.comment,
      channel: d.channel,
      decidedAt: d.decidedAt.toISOString(),
    })),
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    decidedAt: iso(row.decidedAt),
  };
}

/** Who decided, as a decision's answer and a 409 name them. */
export interface Decider {
  email: string;
  name?: string;
  decision: string;
  at: string;
}

/** A closed checkpoint, for the 409 that names who closed it and when. */
export interface Closed {
  status: string;
  decidedAt: string | null;
  decidedBy: Decider[];
}

const decider = (d: { actor: string; actorName?: string | null; decision: string }, at: string): Decider => ({
  email: d.actor,
  ...(d.actorName ? { name: d.actorName } : {}),
  decision: d.decision,
  at,
});

/** From the workflow's refusal, which knows decisions its activity may not have written yet. */
export function closedByWorkflow(details: Record<string, unknown>): Closed | undefined {
  if (!Array.isArray(details.decisions) || typeof details.status !== "string") return undefined;
  return {
    status: details.status,
    decidedAt: typeof details.at === "string" ? details.at : null,
    decidedBy: (details.decisions as RecordedDecision[]).map((d) => decider(d, d.decidedAt)),
  };
}

/** From the row, for a run that has ended (its workflow no longer answers). */
export const closedByRow = (row: ApprovalRow): Closed => ({
  status: row.status,
  decidedAt: iso(row.decidedAt),
  decidedBy: row.decisions.map((d) => decider(d, d.decidedAt.toISOString())),
});

const person = (d: Decider) => (d.name ? `${d.name} <${d.email}>` : d.email);

export function closedMessage({ status, decidedAt, decidedBy }: Closed): string {
  const who = decidedBy.length ? ` by ${decidedBy.map(person).join(", ")}` : "";
  return `This checkpoint is already ${status.replace("_", " ")}${who}${decidedAt ? ` at ${decidedAt}` : ""}.`;
}
