import { seedMember, seedWorkflow, useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { sessionCaller } from "./session-caller";

/** Any workflow: these tests are about the workspace it is seeded in. */
const ANY = {
  name: "Any",
  trigger: { type: "webhook" },
  steps: [{ id: "a", uses: "http.request", with: { url: "http://x.test" } }],
};

describe("sessionCaller", () => {
  const t = useTestDatabase();

  it("acts as the member in the workspace the page names, with their role", async () => {
    const { workspaceId } = await seedWorkflow(t.db, ANY, "wf", "acme");
    const ana = await seedMember(t.db, workspaceId, "ana@example.com", "editor");
    expect(await sessionCaller(t.db, ana.id, "acme")).toEqual({
      workspaceId,
      tokenId: null,
      role: "editor",
      member: { id: ana.id, email: "ana@example.com", name: "ana", role: "editor" },
    });
  });

  it("answers a workspace the person is not in exactly as one that does not exist", async () => {
    const { workspaceId } = await seedWorkflow(t.db, ANY, "wf", "other");
    const eve = await seedMember(t.db, workspaceId, "eve@example.com", "owner");
    await seedWorkflow(t.db, ANY, "wf", "private");
    const strangers = await Promise.allSettled([
      sessionCaller(t.db, eve.id, "private"),
      sessionCaller(t.db, eve.id, "no-such-workspace"),
    ]);
    const reasons = strangers.map((r) => (r.status === "rejected" ? (r.reason as Error).message : "allowed"));
    expect(reasons[0]).toMatch(/^No workspace private\.$/);
    expect(reasons[1]).toMatch(/^No workspace no-such-workspace\.$/);
    await expect(sessionCaller(t.db, eve.id, "private")).rejects.toMatchObject({ status: 404 });
  });

  it("asks for the workspace when the request names none", async () => {
    await expect(sessionCaller(t.db, "u1", null)).rejects.toMatchObject({ status: 400, code: "workspace_required" });
  });
});
