// Membership rules against real Postgres: who may change whom, the last owner, leaving, and the
// audit entry each change writes in its own transaction.
import type { Role } from "@switchyard/db";
import { useTestDatabase } from "@switchyard/devstack/testing";
import { beforeEach, describe, expect, it } from "vitest";
import type { ApiCaller } from "../auth/api-token";
import { sessionCaller } from "../auth/session-caller";
import type { ApiError } from "../http/errors";
import { changeMemberRole, leaveWorkspace, listMembers, removeMember } from "./members";

const t = useTestDatabase();
let slug: string;
let workspaceId: string;
const ids: Record<string, string> = {};
let n = 0;

/** A fresh workspace whose members are named by their role: owner, admin, editor, viewer. */
beforeEach(async () => {
  slug = `members-${++n}`;
  workspaceId = (await t.db.workspace.create({ data: { slug, name: `Members ${n}` } })).id;
  for (const role of ["owner", "admin", "editor", "viewer"] as Role[]) {
    const email = `${role}-${n}@example.com`;
    const user = await t.db.user.create({ data: { email, name: role } });
    await t.db.membership.create({ data: { userId: user.id, workspaceId, role } });
    ids[role] = user.id;
  }
});

const as = (role: string): Promise<ApiCaller> => sessionCaller(t.db, ids[role]!, slug);
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail("not refused"),
    (e: unknown) => e as ApiError,
  );
const roleOf = async (userId: string) =>
  (await t.db.membership.findUnique({ where: { userId_workspaceId: { userId, workspaceId } } }))?.role ?? null;
const audit = () => t.db.auditEntry.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });

describe("members", () => {
  it("lists every member with email, name, role and when they joined, oldest first", async () => {
    const members = await listMembers(t.db, workspaceId);
    expect(members.map((m) => m.role)).toEqual(["owner", "admin", "editor", "viewer"]);
    expect(members[0]).toMatchObject({ userId: ids.owner, email: `owner-${n}@example.com`, name: "owner" });
    expect(members[0]!.joinedAt).toBeInstanceOf(Date);
  });

  it("an admin changes an editor's role, and the change is audited with from and to", async () => {
    await changeMemberRole(t.db, await as("admin"), ids.editor!, "viewer");
    expect(await roleOf(ids.editor!)).toBe("viewer");
    expect(await audit()).toMatchObject([
      {
        action: "member.role",
        actorId: ids.admin,
        targetId: ids.editor,
        targetLabel: `editor-${n}@example.com`,
        details: { from: "editor", to: "viewer" },
      },
    ]);
  });

  it("an admin can neither grant owner nor demote or remove an owner", async () => {
    const admin = await as("admin");
    expect(await refusal(changeMemberRole(t.db, admin, ids.editor!, "owner"))).toMatchObject({ status: 403 });
    expect(await refusal(changeMemberRole(t.db, admin, ids.owner!, "admin"))).toMatchObject({ status: 403 });
    expect(await refusal(removeMember(t.db, admin, ids.owner!))).toMatchObject({ status: 403 });
    expect(await roleOf(ids.owner!)).toBe("owner");
    expect(await audit()).toEqual([]);
  });

  it("the last owner can be neither demoted, removed, nor leave; with a second owner they can", async () => {
    const owner = await as("owner");
    const last = { status: 409, code: "last_owner" };
    expect(await refusal(changeMemberRole(t.db, owner, ids.owner!, "admin"))).toMatchObject(last);
    expect(await refusal(leaveWorkspace(t.db, owner))).toMatchObject(last);
    expect(await refusal(removeMember(t.db, owner, ids.owner!))).toMatchObject(last);
    await changeMemberRole(t.db, owner, ids.admin!, "owner");
    await changeMemberRole(t.db, owner, ids.owner!, "editor");
    expect(await roleOf(ids.owner!)).toBe("editor");
    // The new (now only) owner is held by the same rule.
    expect(await refusal(leaveWorkspace(t.db, await as("admin")))).toMatchObject(last);
  });

  it("two owners demoting each other at once leave one owner", async () => {
    const owner = await as("owner");
    await changeMemberRole(t.db, owner, ids.admin!, "owner");
    const second = await as("admin");
    const results = await Promise.allSettled([
      changeMemberRole(t.db, owner, ids.admin!, "editor"),
      changeMemberRole(t.db, second, ids.owner!, "editor"),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await t.db.membership.count({ where: { workspaceId, role: "owner" } })).toBe(1);
  });

  it("removing a member ends their access and revokes the API tokens they made here", async () => {
    const token = await t.db.apiToken.create({
      data: { workspaceId, name: "ci", role: "editor", tokenHash: `hash-${n}`, userId: ids.editor },
    });
    await removeMember(t.db, await as("admin"), ids.editor!);
    expect(await roleOf(ids.editor!)).toBeNull();
    expect((await t.db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).not.toBeNull();
    expect(await audit()).toMatchObject([
      { action: "member.remove", targetId: ids.editor, details: { tokensRevoked: 1 } },
    ]);
    expect(await refusal(removeMember(t.db, await as("admin"), ids.editor!))).toMatchObject({ status: 404 });
  });

  it("anyone may leave; removing yourself is leaving", async () => {
    await leaveWorkspace(t.db, await as("viewer"));
    await removeMember(t.db, await as("admin"), ids.admin!);
    expect(await roleOf(ids.viewer!)).toBeNull();
    expect(await roleOf(ids.admin!)).toBeNull();
    expect((await audit()).map((e) => [e.action, e.actorId])).toEqual([
      ["member.leave", ids.viewer],
      ["member.leave", ids.admin],
    ]);
  });
});
