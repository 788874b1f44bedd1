import { seedWorkflow, useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { createWorkspace, listMyWorkspaces } from "./workspaces";

/** Any workflow: these tests are about the workspace it is seeded in. */
const ANY = {
  name: "Any",
  trigger: { type: "webhook" },
  steps: [{ id: "a", uses: "http.request", with: { url: "http://x.test" } }],
};

describe("workspaces", () => {
  const t = useTestDatabase();

  it("makes its creator the owner and lists a person's workspaces oldest first", async () => {
    const user = await t.db.user.create({ data: { email: "ana@example.com" } });
    const first = await createWorkspace(t.db, user.id, { name: "Acme Ops!" });
    const second = await createWorkspace(t.db, user.id, { name: "Side project", slug: "side" });
    expect(first).toMatchObject({ slug: "acme-ops", name: "Acme Ops!", role: "owner" });
    expect(second.slug).toBe("side");
    expect((await listMyWorkspaces(t.db, user.id)).map((w) => w.slug)).toEqual(["acme-ops", "side"]);
  });

  it("picks a free address when the derived one is taken, and refuses an exact one that is", async () => {
    await seedWorkflow(t.db, ANY, "wf", "taken");
    const user = await t.db.user.create({ data: { email: "bo@example.com" } });
    const ws = await createWorkspace(t.db, user.id, { name: "Taken" });
    expect(ws.slug).toMatch(/^taken-[0-9a-f]{6}$/);
    await expect(createWorkspace(t.db, user.id, { name: "Mine", slug: "taken" })).rejects.toMatchObject({
      status: 409,
      message: "The address taken is taken; choose another.",
    });
  });

  it("lists nothing of workspaces the person does not belong to", async () => {
    await seedWorkflow(t.db, ANY, "wf", "theirs");
    const user = await t.db.user.create({ data: { email: "cy@example.com" } });
    expect(await listMyWorkspaces(t.db, user.id)).toEqual([]);
  });
});
