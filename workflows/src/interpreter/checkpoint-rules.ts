// The rules a decision meets, pure so the Update's validator can apply them (it must not await)
// and web can check fields before asking the workflow.
import { jsonBytesUpTo } from "../definition/template";
import {
  MEMBER_ROLES,
  type Actor,
  type ApproverSet,
  type CheckpointField,
  type CheckpointSpec,
  type CheckpointStatus,
  type DecisionRequest,
  type MemberRole,
  type RecordedDecision,
  type RefusalCode,
} from "./checkpoint-contract";

export interface Refusal {
  code: RefusalCode;
  message: string;
  details?: Record<string, unknown>;
}

/** A checkpoint as the workflow holds it while it is open, and after. */
export interface CheckpointHold {
  spec?: CheckpointSpec;
  decisions: RecordedDecision[];
  escalated: boolean;
  /** How many of `decisions` are in the approval's rows already. */
  saved: number;
  /** Set once decided, timed out or cancelled. */
  outcome?: { status: CheckpointStatus; at: string };
}

const rank = (role: string) => MEMBER_ROLES.indexOf(role as (typeof MEMBER_ROLES)[number]);
const atLeast = (actual: string, minimum: string) => rank(actual) >= 0 && rank(actual) <= rank(minimum);

function inSet(set: ApproverSet, actor: Actor): boolean {
  return (
    set.emails.includes(actor.email.toLowerCase()) ||
    set.roles.some((role) => atLeast(actor.role, role)) ||
    (!!actor.slackUserId && set.slackUserIds.includes(actor.slackUserId))
  );
}

/**
 * Who may decide: the named approvers (and, once escalated, those added); with none named, any
 * member with the approver role or higher. The workflow's validator and web's inbox both ask this.
 */
export function mayDecide(
  approvers: ApproverSet | undefined,
  escalateTo: ApproverSet | undefined,
  escalated: boolean,
  actor: Actor,
): boolean {
  if (!approvers) return atLeast(actor.role, "approver");
  return inSet(approvers, actor) || (escalated && !!escalateTo && inSet(escalateTo, actor));
}

export function isApprover(hold: CheckpointHold, actor: Actor): boolean {
  const spec = hold.spec!;
  return mayDecide(spec.approvers, spec.escalateTo, hold.escalated, actor);
}

/** A definition's approver list (emails, role names, Slack user ids, as written) sorted by kind; none stays none. */
export function approverSet(list: string[] | null | undefined): ApproverSet | undefined {
  if (!list) return undefined;
  const roles = list.filter((a): a is MemberRole => (MEMBER_ROLES as readonly string[]).includes(a));
  return {
    emails: list.filter((a) => a.includes("@")).map((a) => a.toLowerCase()),
    roles,
    slackUserIds: list.filter((a) => !a.includes("@") && !roles.includes(a as MemberRole)),
  };
}

const describeType = (f: CheckpointField) =>
  f.type === "select" ? `one of ${f.options!.map((o) => JSON.stringify(o)).join(", ")}` : `a ${f.type}`;

function fieldError(f: CheckpointField, value: unknown): string | undefined {
  const ok =
    f.type === "text"
      ? typeof value === "string"
      : f.type === "number"
        ? typeof value === "number" && Number.isFinite(value)
        : f.type === "boolean"
          ? typeof value === "boolean"
          : typeof value === "string" && f.options!.includes(value);
  if (ok && !(f.required && f.type === "text" && value === "")) return undefined;
  return `${f.label} must be ${describeType(f)}${f.required && f.type === "text" ? " (not empty)" : ""}`;
}

/**
 * The first field that breaks its type, or a key that names no field. `complete` (task forms):
 * every required field must be present, with the defaults filling the gaps.
 */
export function checkFields(
  fields: CheckpointField[],
  values: Record<string, unknown> | undefined,
  { complete }: { complete: boolean },
): Refusal | undefined {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const [key, value] of Object.entries(values ?? {})) {
    const field = byKey.get(key);
    if (!field)
      return invalid(
        key,
        `"${key}" is not a field of this checkpoint (fields: ${[...byKey.keys()].join(", ") || "none"})`,
      );
    const message = fieldError(field, value);
    if (message) return invalid(key, message);
  }
  if (!complete) return undefined;
  const missing = fields.find((f) => f.required && !Object.hasOwn(values ?? {}, f.key) && f.value === undefined);
  return missing ? invalid(missing.key, `${missing.label} is required`) : undefined;
}

const invalid = (field: string, message: string): Refusal => ({ code: "invalid_field", message, details: { field } });

/** The refusal of a decision that comes after the checkpoint's outcome: the validator's, and `decide`'s for a run already over. */
export function alreadyDecided(
  outcome: NonNullable<CheckpointHold["outcome"]>,
  decisions: Pick<RecordedDecision, "actor" | "actorName" | "decision">[],
): Refusal {
  const decidedBy = decisions.map((d) => `${d.actorName ?? d.actor} (${d.decision})`).join(", ") || "nobody";
  return {
    code: "already_decided",
    message: `this checkpoint is already ${outcome.status.replace("_", " ")} (${decidedBy}, at ${outcome.at})`,
    details: { status: outcome.status, at: outcome.at, decisions },
  };
}

/** A decision is kept in the run's history and records: its comment and data are bounded. */
export const MAX_COMMENT_CHARS = 2_000;
export const MAX_DECISION_BYTES = 64 * 1024;

function oversized(req: DecisionRequest): Refusal | undefined {
  if ((req.comment?.length ?? 0) > MAX_COMMENT_CHARS)
    return invalid("comment", `a comment has at most ${MAX_COMMENT_CHARS} characters`);
  if (jsonBytesUpTo({ edits: req.edits, values: req.values }, MAX_DECISION_BYTES) === Infinity)
    return invalid(req.edits ? "edits" : "values", `edits and values take at most ${MAX_DECISION_BYTES} bytes as JSON`);
  return undefined;
}

/** Why this decision cannot count, or undefined when it can. */
export function refusalOf(hold: CheckpointHold | undefined, req: DecisionRequest): Refusal | undefined {
  const tooLarge = oversized(req);
  if (tooLarge) return tooLarge;
  if (!hold) return { code: "not_open", message: `step "${req.stepId}" is not a checkpoint waiting for a decision` };
  if (hold.outcome) return alreadyDecided(hold.outcome, hold.decisions);
  // Still opening: the handler waits for the spec and asks again.
  if (!hold.spec) return undefined;
  const spec = hold.spec;
  const email = req.actor.email.toLowerCase();
  const mine = hold.decisions.find((d) => d.actor === email);
  if (mine)
    return {
      code: "duplicate_decision",
      message: `you already decided (${mine.decision}) at ${mine.decidedAt}`,
      details: { decision: mine.decision, at: mine.decidedAt },
    };
  if (!isApprover(hold, req.actor))
    return { code: "not_an_approver", message: `${req.actor.email} is not an approver of this checkpoint` };
  if (!spec.allowSelfApproval && spec.startedBy && spec.startedBy === email)
    return { code: "self_approval", message: "you started this run, and this checkpoint does not allow self-approval" };
  const allowed = spec.kind === "task" ? ["submit", "reject"] : ["approve", "reject"];
  if (!allowed.includes(req.decision))
    return { code: "wrong_decision", message: `a ${spec.kind} takes ${allowed.join(" or ")}, not ${req.decision}` };
  if (req.decision === "approve") return checkFields(spec.editable, req.edits, { complete: false });
  if (req.decision === "submit") return checkFields(spec.form, req.values, { complete: true });
  return undefined;
}

/** Where the decisions so far leave the checkpoint: one reject or submit decides, approvals need the quorum. */
export function tally(spec: CheckpointSpec, decisions: RecordedDecision[]): CheckpointStatus {
  if (decisions.some((d) => d.decision === "reject")) return "rejected";
  if (decisions.some((d) => d.decision === "submit")) return "submitted";
  return decisions.filter((d) => d.decision === "approve").length >= spec.quorum ? "approved" : "pending";
}

/** Reminders one checkpoint sends at most: each one adds a timer and an activity to the run's history. */
export const MAX_REMINDERS = 50;

/**
 * When the next reminder is due, the `sent`th having just gone out at `t`: an interval later, so
 * reminders missed while the worker was away are not caught up in a burst, and never past the cap.
 */
export const nextReminderAt = (t: number, everyMs: number, sent: number): number =>
  sent < MAX_REMINDERS ? t + everyMs : Infinity;
