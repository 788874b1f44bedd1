import { describe, expect, it } from "vitest";
import type { Actor } from "./checkpoint-contract";
import { approverSet, mayDecide } from "./checkpoint-rules";

const actor = (email: string, role: Actor["role"], slackUserId?: string): Actor => ({
  email,
  role,
  ...(slackUserId ? { slackUserId } : {}),
});

describe("approverSet", () => {
  it("sorts a definition's list into emails (lower-cased), roles and Slack user ids; none stays none", () => {
    expect(approverSet(["Ana@Example.com", "admin", "U123", "approver"])).toEqual({
      emails: ["ana@example.com"],
      roles: ["admin", "approver"],
      slackUserIds: ["U123"],
    });
    expect(approverSet(null)).toBeUndefined();
    expect(approverSet(undefined)).toBeUndefined();
    expect(approverSet([])).toEqual({ emails: [], roles: [], slackUserIds: [] });
  });
});

describe("mayDecide", () => {
  it("with nobody named: the approver role or higher", () => {
    expect(mayDecide(undefined, undefined, false, actor("a@x.io", "approver"))).toBe(true);
    expect(mayDecide(undefined, undefined, false, actor("a@x.io", "owner"))).toBe(true);
    expect(mayDecide(undefined, undefined, false, actor("a@x.io", "viewer"))).toBe(false);
  });

  it("named: by email whatever the role or case, by a role and those above it, or by Slack user id", () => {
    const named = approverSet(["Ana@x.io", "editor", "U9"]);
    expect(mayDecide(named, undefined, false, actor("ana@X.io", "viewer"))).toBe(true);
    expect(mayDecide(named, undefined, false, actor("bo@x.io", "admin"))).toBe(true);
    expect(mayDecide(named, undefined, false, actor("bo@x.io", "approver"))).toBe(false);
    expect(mayDecide(named, undefined, false, actor("bo@x.io", "viewer", "U9"))).toBe(true);
  });

  it("those added by escalation decide only once it escalated", () => {
    const [named, added] = [approverSet(["ana@x.io"]), approverSet(["boss@x.io"])];
    expect(mayDecide(named, added, false, actor("boss@x.io", "viewer"))).toBe(false);
    expect(mayDecide(named, added, true, actor("boss@x.io", "viewer"))).toBe(true);
    expect(mayDecide(named, added, true, actor("ana@x.io", "viewer"))).toBe(true);
  });
});
