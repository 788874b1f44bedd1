// A binary webhook body as large as the installation allows is stored whole, although as base64
// it takes a third more than the body limit (on a real database; no Temporal: it waits in the outbox).
import { useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { receiveHook } from "./hooks";
import { editorOfNewWorkspace, transformFlow, workflowTestServices } from "./workflow-test-kit";
import { applyWorkflow } from "./workflows";

const t = useTestDatabase();

describe("receiveHook", () => {
  it("takes a binary body of the whole body limit, kept as base64", async () => {
    const s = workflowTestServices(t.db);
    const caller = await editorOfNewWorkspace(t.db, "hook-binary");
    const { hookUrl } = await applyWorkflow(s, caller, "bytes", transformFlow("Bytes"));
    const token = hookUrl!.replace(/^\/hooks\//, "");
    const body = new Uint8Array(s.webhookMaxBytes).fill(0xff);
    const request = new Request(`http://127.0.0.1/hooks/${token}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/octet-stream" },
    });
    const answer = await receiveHook(s, token, request);
    expect(answer.status).toBe(202);
    const { runId } = (await answer.json()) as { runId: string };
    const { event } = await t.db.run.findUniqueOrThrow({
      where: { id: runId },
      select: { event: { select: { payload: true } } },
    });
    const payload = event!.payload as { body: string; bodyEncoding: string };
    expect(payload.bodyEncoding).toBe("base64");
    expect(Buffer.from(payload.body, "base64")).toEqual(Buffer.from(body));
  });
});
