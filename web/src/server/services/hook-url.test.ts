import { hashToken } from "@switchyard/db";
import { useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { editorOfNewWorkspace, transformFlow, workflowTestServices } from "./workflow-test-kit";
import { applyWorkflow, renewHookUrl } from "./workflows";

const tokenOf = (hookUrl: string) => hookUrl.replace(/^\/hooks\//, "");

describe("renewHookUrl", () => {
  const t = useTestDatabase();

  it("issues a URL that works and retires the old one, with an audit entry", async () => {
    const s = workflowTestServices(t.db);
    const caller = await editorOfNewWorkspace(t.db, "hook-renew");
    const created = await applyWorkflow(s, caller, "flow", transformFlow("Flow"));
    const { hookUrl } = await renewHookUrl(s, caller, "flow");
    const { hookTokenHash } = await t.db.workflow.findUniqueOrThrow({ where: { id: created.id } });
    expect(hookTokenHash).toBe(hashToken(tokenOf(hookUrl)));
    expect(hookTokenHash).not.toBe(hashToken(tokenOf(created.hookUrl!)));
    expect(
      await t.db.auditEntry.count({ where: { workspaceId: caller.workspaceId, action: "workflow.hook_renew" } }),
    ).toBe(1);
  });

  it("answers another workspace's workflow as missing", async () => {
    const s = workflowTestServices(t.db);
    const caller = await editorOfNewWorkspace(t.db, "hook-owner");
    const stranger = await editorOfNewWorkspace(t.db, "hook-stranger");
    await applyWorkflow(s, caller, "flow", transformFlow("Flow"));
    await expect(renewHookUrl(s, stranger, "flow")).rejects.toMatchObject({ status: 404 });
  });
});
