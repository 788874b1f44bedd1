import { hashToken } from "@switchyard/db";
import { useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { editorOfNewWorkspace, transformFlow, workflowTestServices } from "./workflow-test-kit";
import { applyWorkflow, HOOK_GRACE_MS, renewHookUrl } from "./workflows";

const tokenOf = (hookUrl: string) => hookUrl.replace(/^\/hooks\//, "");

describe("renewHookUrl", () => {
  const t = useTestDatabase();

  it("issues a URL that works and keeps the old one for a day, with an audit entry; a second rotation ends the first's grace", async () => {
    const s = workflowTestServices(t.db);
    const caller = await editorOfNewWorkspace(t.db, "hook-renew");
    const created = await applyWorkflow(s, caller, "flow", transformFlow("Flow"));
    const before = Date.now();
    const { hookUrl, previousValidUntil } = await renewHookUrl(s, caller, "flow");
    const row = () => t.db.workflow.findUniqueOrThrow({ where: { id: created.id } });
    expect(await row()).toMatchObject({
      hookTokenHash: hashToken(tokenOf(hookUrl)),
      previousHookTokenHash: hashToken(tokenOf(created.hookUrl!)),
    });
    const until = Date.parse(previousValidUntil!);
    expect(until - before).toBeGreaterThanOrEqual(HOOK_GRACE_MS);
    expect(until - Date.now()).toBeLessThanOrEqual(HOOK_GRACE_MS);
    expect(
      await t.db.auditEntry.count({ where: { workspaceId: caller.workspaceId, action: "workflow.hook_renew" } }),
    ).toBe(1);

    const third = await renewHookUrl(s, caller, "flow", 0);
    expect(third.previousValidUntil).toBeNull();
    expect(await row()).toMatchObject({
      hookTokenHash: hashToken(tokenOf(third.hookUrl)),
      previousHookTokenHash: null,
      previousHookTokenUntil: null,
    });
  });

  it("answers another workspace's workflow as missing", async () => {
    const s = workflowTestServices(t.db);
    const caller = await editorOfNewWorkspace(t.db, "hook-owner");
    const stranger = await editorOfNewWorkspace(t.db, "hook-stranger");
    await applyWorkflow(s, caller, "flow", transformFlow("Flow"));
    await expect(renewHookUrl(s, stranger, "flow")).rejects.toMatchObject({ status: 404 });
  });
});
