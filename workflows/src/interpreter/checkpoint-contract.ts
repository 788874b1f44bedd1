// What a checkpoint is to the workflow, its activities and the engine's `decide`: types and the
// Update definition only (the workflow sandbox imports this file).
import { defineUpdate } from "@temporalio/workflow";

export type FieldType = "text" | "number" | "boolean" | "select";

/** An editable input of a later step, or a task's form field, as the approver sees it. */
export interface CheckpointField {
  /** `tweet.with.text` for an editable input; the field's name for a form. */
  key: string;
  label: string;
  type: FieldType;
  options?: string[];
  required: boolean;
  /** Prefilled: the later step's rendered input, or the form field's default. */
  value?: unknown;
  description?: string;
}

/** Roles from the most to the least rights; a role named as approver admits the roles before it too. */
export const MEMBER_ROLES = ["owner", "admin", "editor", "approver", "viewer"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface ApproverSet {
  /** Lower-cased. */
  emails: string[];
  roles: MemberRole[];
  slackUserIds: string[];
}

export type TimeoutOutcome = "reject" | "approve" | "fail";
/** How a decision arrived (the CLI decides through the API). */
export type Channel = "web" | "api" | "email" | "slack" | "auto";

/** A checkpoint as openCheckpoint made it from the step's rendered inputs. */
export interface CheckpointSpec {
  approvalId: string;
  kind: "approval" | "task";
  title: string;
  quorum: number;
  allowSelfApproval: boolean;
  /** The email of the member who started the run, if a member did. */
  startedBy?: string;
  approvers?: ApproverSet;
  escalateTo?: ApproverSet;
  editable: CheckpointField[];
  form: CheckpointField[];
  timeoutMs: number;
  onTimeout: TimeoutOutcome;
  remindEveryMs?: number;
  escalateAfterMs?: number;
}

export interface Actor {
  email: string;
  name?: string;
  role: MemberRole;
  slackUserId?: string;
}

export type DecisionKind = "approve" | "reject" | "submit";

export interface DecisionRequest {
  stepId: string;
  actor: Actor;
  decision: DecisionKind;
  /** Approvals: new values of editable fields, by key. */
  edits?: Record<string, unknown>;
  /** Tasks: the form's values, by field name. */
  values?: Record<string, unknown>;
  comment?: string;
  channel: Channel;
}

export interface RecordedDecision {
  actor: string;
  actorName?: string;
  decision: DecisionKind;
  edits?: Record<string, unknown>;
  values?: Record<string, unknown>;
  comment?: string;
  channel: Channel;
  decidedAt: string;
}

export type CheckpointStatus = "pending" | "approved" | "rejected" | "submitted" | "timed_out" | "cancelled";

export interface DecisionReply {
  /** `pending` while the quorum is not reached yet. */
  status: CheckpointStatus;
  decidedBy: { email: string; name?: string; decision: DecisionKind; at: string }[];
  decidedAt?: string;
  approvals: number;
  quorum: number;
}

/**
 * Why a decision was refused, as the failure type of the refused Update; `decide` maps each to
 * its HTTP answer. Refusals come from the Update's validator (nothing reaches the history) or,
 * for a checkpoint still opening, from its handler once it opened.
 */
export const REFUSALS = {
  not_open: 409,
  already_decided: 409,
  duplicate_decision: 409,
  not_an_approver: 403,
  self_approval: 403,
  wrong_decision: 400,
  invalid_field: 400,
} as const;
export type RefusalCode = keyof typeof REFUSALS;

export const decideCheckpointUpdate = defineUpdate<DecisionReply, [DecisionRequest]>("decideCheckpoint");

/** Step ids of the steps an editable field's key names, and the path inside their `with`. */
export function editTarget(key: string): { stepId: string; path: string[] } {
  const [stepId, , ...path] = key.split(".");
  return { stepId: stepId!, path };
}

/** A step that runs after the checkpoint, as the preview shows it. */
export interface PreviewStep {
  stepId: string;
  uses: string;
  forEach?: boolean;
  /** Its inputs rendered now; absent when they could not be (`renderError`). */
  with?: Record<string, unknown>;
  renderError?: string;
  /** One line from the action: "Post to X: \"Launch day!\"". Set by openCheckpoint. */
  description?: string;
}

export interface OpenCheckpointInput {
  runId: string;
  stepId: string;
  /** The step's rendered `with`. */
  props: Record<string, unknown>;
  dependents: PreviewStep[];
  /** Workflow time the checkpoint opened: its timeout counts from here. */
  openedAt: string;
}

export interface CloseCheckpointInput {
  approvalId: string;
  status: CheckpointStatus;
  decidedAt: string;
  /** Decisions not recorded yet. */
  decisions: RecordedDecision[];
}

export type NotifyReason = "request" | "reminder" | "escalation";
