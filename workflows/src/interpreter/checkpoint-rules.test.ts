import { describe, expect, it } from "vitest";
import { applyEdits } from "./apply-edits";
import type { Actor, CheckpointField, CheckpointSpec, DecisionRequest } from "./checkpoint-contract";
import { checkFields, MAX_REMINDERS, nextReminderAt, refusalOf, tally, type CheckpointHold } from "./checkpoint-rules";

const spec = (over: Partial<CheckpointSpec> = {}): CheckpointSpec => ({
  approvalId: "a1",
  kind: "approval",
  title: "Go?",
  quorum: 1,
  allowSelfApproval: false,
  editable: [],
  form: [],
  timeoutMs: 60_000,
  onTimeout: "reject",
  ...over,
});
const hold = (over: Partial<CheckpointSpec> = {}, rest: Partial<CheckpointHold> = {}): CheckpointHold => ({
  spec: spec(over),
  decisions: [],
  escalated: false,
  saved: 0,
  ...rest,
});
const actor = (email: string, role: Actor["role"] = "viewer", slackUserId?: string): Actor => ({
  email,
  role,
  ...(slackUserId ? { slackUserId } : {}),
});
const req = (a: Actor, decision: DecisionRequest["decision"] = "approve", extra: Partial<DecisionRequest> = {}) => ({
  stepId: "gate",
  actor: a,
  decision,
  channel: "api" as const,
  ...extra,
});
const codeOf = (h: CheckpointHold | undefined, r: DecisionRequest) => refusalOf(h, r)?.code;

describe("who may decide", () => {
  it("with no approvers named: the approver role or higher", () => {
    expect(codeOf(hold(), req(actor("v@x.io", "viewer")))).toBe("not_an_approver");
    expect(codeOf(hold(), req(actor("a@x.io", "approver")))).toBeUndefined();
    expect(codeOf(hold(), req(actor("o@x.io", "owner")))).toBeUndefined();
  });

  it("named by email (any case), by role (that role or higher) or by Slack id; escalation adds people only once escalated", () => {
    const approvers = { emails: ["ana@x.io"], roles: ["admin" as const], slackUserIds: ["U123"] };
    const escalateTo = { emails: ["boss@x.io"], roles: [], slackUserIds: [] };
    expect(codeOf(hold({ approvers }), req(actor("ANA@x.io")))).toBeUndefined();
    expect(codeOf(hold({ approvers }), req(actor("o@x.io", "owner")))).toBeUndefined();
    expect(codeOf(hold({ approvers }), req(actor("e@x.io", "editor")))).toBe("not_an_approver");
    expect(codeOf(hold({ approvers }), req(actor("s@x.io", "viewer", "U123")))).toBeUndefined();
    expect(codeOf(hold({ approvers, escalateTo }), req(actor("boss@x.io")))).toBe("not_an_approver");
    expect(codeOf(hold({ approvers, escalateTo }, { escalated: true }), req(actor("boss@x.io")))).toBeUndefined();
  });

  it("refuses the run's starter unless self-approval is allowed, a second decision by the same person, and decided checkpoints", () => {
    const mine = hold({ startedBy: "ana@x.io" });
    expect(codeOf(mine, req(actor("Ana@x.io", "admin")))).toBe("self_approval");
    expect(codeOf(hold({ startedBy: "ana@x.io", allowSelfApproval: true }), req(actor("ana@x.io", "admin")))).toBe(
      undefined,
    );
    const decided = { actor: "ana@x.io", decision: "approve" as const, channel: "web" as const, decidedAt: "t1" };
    expect(codeOf(hold({ quorum: 2 }, { decisions: [decided] }), req(actor("ana@x.io", "admin")))).toBe(
      "duplicate_decision",
    );
    const closed = hold({}, { decisions: [decided], outcome: { status: "approved", at: "t1" } });
    expect(refusalOf(closed, req(actor("bo@x.io", "admin")))).toMatchObject({
      code: "already_decided",
      message: "this checkpoint is already approved (ana@x.io (approve), at t1)",
    });
    expect(codeOf(undefined, req(actor("bo@x.io", "admin")))).toBe("not_open");
  });

  it("bounds the comment and the data a decision carries into the history", () => {
    expect(refusalOf(hold(), req(actor("a@x.io", "admin"), "approve", { comment: "x".repeat(2001) }))?.details).toEqual(
      {
        field: "comment",
      },
    );
    const big = { "post.with.text": "x".repeat(70_000) };
    expect(codeOf(hold(), req(actor("a@x.io", "admin"), "approve", { edits: big }))).toBe("invalid_field");
  });

  it("lets a decision wait for a checkpoint still opening, then meet the rules", () => {
    expect(refusalOf({ decisions: [], escalated: false, saved: 0 }, req(actor("v@x.io")))).toBeUndefined();
  });
});

describe("fields", () => {
  const text: CheckpointField = { key: "post.with.text", label: "Text", type: "text", required: true };
  const count: CheckpointField = { key: "count", label: "Count", type: "number", required: true };
  const shelf: CheckpointField = { key: "shelf", label: "Shelf", type: "select", options: ["A"], required: false };
  const done: CheckpointField = { key: "done", label: "Done", type: "boolean", required: true, value: false };

  it("names the field that breaks its type, an unknown key, or a missing required field", () => {
    expect(checkFields([text], { "post.with.text": 1 }, { complete: false })).toEqual({
      code: "invalid_field",
      message: "Text must be a text (not empty)",
      details: { field: "post.with.text" },
    });
    expect(checkFields([text], { "post.with.text": "" }, { complete: false })?.details).toEqual({
      field: "post.with.text",
    });
    expect(checkFields([text], { other: "x" }, { complete: false })?.message).toContain('"other" is not a field');
    expect(checkFields([count], { count: Number.NaN }, { complete: true })?.details).toEqual({ field: "count" });
    expect(checkFields([shelf], { shelf: "B" }, { complete: true })?.message).toBe('Shelf must be one of "A"');
    expect(checkFields([count, shelf, done], {}, { complete: true })?.details).toEqual({ field: "count" });
    expect(checkFields([count, shelf, done], { count: 3 }, { complete: true })).toBeUndefined();
  });

  it("a task takes submit or reject, an approval approve or reject", () => {
    expect(codeOf(hold({ kind: "task", form: [count] }), req(actor("a@x.io", "admin"), "approve"))).toBe(
      "wrong_decision",
    );
    expect(codeOf(hold(), req(actor("a@x.io", "admin"), "submit"))).toBe("wrong_decision");
    expect(
      codeOf(hold({ kind: "task", form: [count] }), req(actor("a@x.io", "admin"), "submit", { values: { count: 1 } })),
    ).toBeUndefined();
  });
});

describe("tally", () => {
  const d = (actorEmail: string, decision: "approve" | "reject" | "submit") => ({
    actor: actorEmail,
    decision,
    channel: "web" as const,
    decidedAt: "t",
  });
  it("one rejection or submission decides; approvals need the quorum", () => {
    expect(tally(spec({ quorum: 2 }), [d("a", "approve")])).toBe("pending");
    expect(tally(spec({ quorum: 2 }), [d("a", "approve"), d("b", "approve")])).toBe("approved");
    expect(tally(spec({ quorum: 2 }), [d("a", "approve"), d("b", "reject")])).toBe("rejected");
    expect(tally(spec({ kind: "task" }), [d("a", "submit")])).toBe("submitted");
  });
});

describe("applyEdits", () => {
  it("sets values at their paths on a copy, creating objects on the way, and never touches a prototype", () => {
    const rendered = { body: { text: "old" }, url: "u" };
    const edited = applyEdits(rendered, [
      { path: ["body", "text"], value: "new {{ x }}" },
      { path: ["meta", "tag"], value: 1 },
      { path: ["__proto__", "polluted"], value: true },
    ]);
    expect(edited).toMatchObject({ body: { text: "new {{ x }}" }, url: "u", meta: { tag: 1 } });
    expect(rendered.body.text).toBe("old");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(edited)).toBe(Object.prototype);
  });
});

describe("nextReminderAt", () => {
  it("counts an interval from the reminder just sent, and stops at the cap", () => {
    expect(nextReminderAt(10_000, 500, 1)).toBe(10_500);
    expect(nextReminderAt(10_000, 500, MAX_REMINDERS - 1)).toBe(10_500);
    expect(nextReminderAt(10_000, 500, MAX_REMINDERS)).toBe(Infinity);
  });
});
