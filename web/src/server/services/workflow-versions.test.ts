// Version history on a real database: who saved each version (from the audit log), one version's
// definition, and a restore that saves an old definition as the newest version.
import { useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { ApiError } from "../http/errors";
import { getVersion, listVersions, restoreVersion } from "./workflow-versions";
import { editorOfNewWorkspace, transformFlow, workflowTestServices } from "./workflow-test-kit";
import { applyWorkflow, getWorkflow } from "./workflows";

const t = useTestDatabase();

describe("versions", () => {
  it("lists every version newest first with who saved it, and shows one", async () => {
    const s = workflowTestServices(t.db);
    const caller = await editorOfNewWorkspace(t.db, "versions-list");
    await applyWorkflow(s, caller, "flow", transformFlow("First"));
    await applyWorkflow(s, caller, "flow", transformFlow("Second"));
    const list = await listVersions(t.db, caller.workspaceId, "flow");
    expect(list.map((v) => [v.version, v.savedBy])).toEqual([
      [2, "eve@versions-list.example"],
      [1, "eve@versions-list.example"],
    ]);
    expect((await getVersion(t.db, caller.workspaceId, "flow", 1)).definition).toMatchObject({ name: "First" });
    const missing = await getVersion(t.db, caller.workspaceId, "flow", 9).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing).toMatchObject({ status: 404, message: 'Workflow "flow" has no version 9.' });
  });

  it("are another workspace's to see only there", async () => {
    const s = workflowTestServices(t.db);
    const owner = await editorOfNewWorkspace(t.db, "versions-owner");
    const stranger = await editorOfNewWorkspace(t.db, "versions-stranger");
    await applyWorkflow(s, owner, "private", transformFlow("Private"));
    await expect(listVersions(t.db, stranger.workspaceId, "private")).rejects.toMatchObject({ status: 404 });
    await expect(getVersion(t.db, stranger.workspaceId, "private", 1)).rejects.toMatchObject({ status: 404 });
  });

  it("restores an old version as a new one, recorded in the audit log; restoring the newest adds nothing", async () => {
    const s = workflowTestServices(t.db);
    const caller = await editorOfNewWorkspace(t.db, "versions-restore");
    await applyWorkflow(s, caller, "flow", transformFlow("First"));
    await applyWorkflow(s, caller, "flow", transformFlow("Second"));
    const restored = await restoreVersion(s, caller, "flow", 1);
    expect(restored).toMatchObject({ version: 3, created: false });
    expect(await getWorkflow(t.db, caller.workspaceId, "flow")).toMatchObject({
      version: 3,
      name: "First",
      definition: (await getVersion(t.db, caller.workspaceId, "flow", 1)).definition,
    });
    const restores = () =>
      t.db.auditEntry.findMany({
        where: {
          workspaceId: caller.workspaceId,
          action: "workflow.save",
          details: { path: ["restoredFrom"], equals: 1 },
        },
      });
    expect(await restores()).toMatchObject([
      { actorLabel: "eve@versions-restore.example", details: { version: 3, restoredFrom: 1 } },
    ]);

    expect(await restoreVersion(s, caller, "flow", 3)).toMatchObject({ version: 3 });
    expect(await t.db.workflowVersion.count({ where: { workflowId: restored.id } })).toBe(3);
    expect(await restores()).toHaveLength(1);
  });
});
