import type { Role } from "@switchyard/db";
import { describe, expect, it } from "vitest";
import type { ApiCaller } from "../auth/api-token";
import { deciderOf, inboxFilter } from "./approval-access";
import { closedByWorkflow, closedMessage } from "./approval-view";

const caller = (role: Role, member?: { role: Role; email?: string }): ApiCaller => ({
  workspaceId: "ws",
  tokenId: "t",
  role,
  member: member ? { id: "u", email: member.email ?? "ana@x.io", name: "Ana", role: member.role } : null,
});

const row = (approvers: string[] | null, escalateTo: string[] | null = null, escalatedAt: Date | null = null) => ({
  id: "a",
  createdAt: new Date(0),
  approvers: { approvers, escalateTo, channels: ["web"] },
  escalatedAt,
});

describe("deciderOf", () => {
  it("is the token's member, with the caller's role (the member's, already capped by the token's)", () => {
    expect(deciderOf(caller("approver", { role: "owner" }))).toEqual({
      email: "ana@x.io",
      name: "Ana",
      role: "approver",
    });
    expect(deciderOf(caller("viewer", { role: "admin" }))).toMatchObject({ role: "viewer" });
  });

  it("refuses a token no member stands behind, saying why", () => {
    expect(() => deciderOf(caller("admin"))).toThrow(expect.objectContaining({ status: 403, code: "no_member" }));
  });
});

describe("inboxFilter", () => {
  it("shows admins everything, and others what the workflow's rule lets them decide", () => {
    expect(inboxFilter(caller("admin", { role: "owner" }))(row(["someone@x.io"]))).toBe(true);
    expect(inboxFilter(caller("admin"))(row(["someone@x.io"]))).toBe(true);
    const ana = inboxFilter(caller("approver", { role: "admin" }));
    expect(ana(row(null))).toBe(true);
    expect(ana(row(["someone@x.io"]))).toBe(false);
    expect(ana(row(["ANA@x.io"]))).toBe(true);
    expect(ana(row(["someone@x.io"], ["approver"]))).toBe(false);
    expect(ana(row(["someone@x.io"], ["approver"], new Date(0)))).toBe(true);
  });

  it("a viewer member sees only what names them; a member-less viewer token is refused", () => {
    const vic = inboxFilter(caller("viewer", { role: "viewer", email: "vic@x.io" }));
    expect(vic(row(null))).toBe(false);
    expect(vic(row(["vic@x.io"]))).toBe(true);
    expect(() => inboxFilter(caller("viewer"))).toThrow(expect.objectContaining({ code: "no_member" }));
  });
});

describe("the 409 for a closed checkpoint", () => {
  it("names who decided and when, from the workflow's refusal", () => {
    const closed = closedByWorkflow({
      status: "approved",
      at: "2030-01-01T14:02:00.000Z",
      decisions: [
        {
          actor: "ana@x.io",
          actorName: "Ana",
          decision: "approve",
          channel: "api",
          decidedAt: "2030-01-01T14:02:00.000Z",
        },
      ],
    })!;
    expect(closedMessage(closed)).toBe(
      "This checkpoint is already approved by Ana <ana@x.io> at 2030-01-01T14:02:00.000Z.",
    );
    expect(closedMessage({ status: "timed_out", decidedAt: "2030-01-01T15:00:00.000Z", decidedBy: [] })).toBe(
      "This checkpoint is already timed out at 2030-01-01T15:00:00.000Z.",
    );
    expect(closedByWorkflow({})).toBeUndefined();
  });
});
