// Creating and revoking API tokens from the settings screen (a signed-in admin): the token is the
// person's, and both changes are audited in the transaction that makes them.
import { useTestDatabase } from "@switchyard/devstack/testing";
import { beforeAll, describe, expect, it } from "vitest";
import type { ApiCaller } from "../auth/api-token";
import { sessionCaller } from "../auth/session-caller";
import { createToken, listTokens, revokeToken } from "./tokens";

const t = useTestDatabase();
let admin: ApiCaller;

beforeAll(async () => {
  const user = await t.db.user.create({ data: { email: "ada@example.com" } });
  await t.db.workspace.create({
    data: { slug: "tok", name: "Tok", members: { create: { userId: user.id, role: "admin" } } },
  });
  admin = await sessionCaller(t.db, user.id, "tok");
});

describe("API tokens in a session", () => {
  it("are made for the signed-in person, listed without their secret, and audited on create and revoke", async () => {
    const s = { db: t.db };
    const made = await createToken(s, admin, { name: "ci", role: "editor" });
    expect(made.token).toMatch(/^sy_/);
    expect(made.user).toBe("ada@example.com");
    const [listed] = (await listTokens(s, admin.workspaceId, { limit: 20 })).items;
    expect(listed).toMatchObject({ id: made.id, name: "ci" });
    expect(JSON.stringify(listed)).not.toContain(made.token);
    await revokeToken(s, admin, made.id);
    await revokeToken(s, admin, made.id);
    const entries = await t.db.auditEntry.findMany({
      where: { workspaceId: admin.workspaceId },
      orderBy: { createdAt: "asc" },
    });
    expect(entries.map((e) => [e.action, e.actorLabel, e.targetId, e.targetLabel])).toEqual([
      ["token.create", "ada@example.com", made.id, "ci"],
      ["token.revoke", "ada@example.com", made.id, "ci"],
    ]);
  });

  it("refuses an owner token even to an admin, in a session's words", async () => {
    await expect(createToken({ db: t.db }, admin, { name: "x", role: "owner" as "admin" })).rejects.toThrow(
      /You have the admin role/,
    );
  });
});
