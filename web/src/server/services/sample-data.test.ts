import { seedMember, seedRun, seedWorkflow, useTestDatabase, type SeededWorkflow } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import type { ApiCaller } from "../auth/api-token";
import { pinRunAsSamples, pinSampleData, sampleDataOf } from "./sample-data";

const FLOW = {
  name: "Flow",
  trigger: { type: "webhook" },
  steps: [
    { id: "a", uses: "http.request", with: { url: "http://x.test/a" } },
    { id: "b", uses: "http.request", needs: ["a"], with: { url: "http://x.test/b" } },
  ],
};

describe("sample data", () => {
  const t = useTestDatabase();

  async function editorIn(slug: string): Promise<ApiCaller & { seeded: SeededWorkflow }> {
    const seeded = await seedWorkflow(t.db, FLOW, "flow", slug);
    const eve = await seedMember(t.db, seeded.workspaceId, `eve@${slug}.test`, "editor");
    return {
      workspaceId: seeded.workspaceId,
      seeded,
      tokenId: null,
      role: "editor",
      member: { id: eve.id, email: eve.email, name: eve.name, role: "editor" },
    };
  }

  it("shows what is pinned over the latest real data, and unpins with an empty object", async () => {
    const caller = await editorIn("pinned");
    expect(await sampleDataOf(t.db, caller.workspaceId, "flow")).toEqual({
      trigger: null,
      outputs: {},
      pinned: { trigger: false, outputs: [] },
    });
    await pinSampleData(t.db, caller, "flow", { trigger: { order: 7 }, outputs: { b: { ok: true } } });
    expect(await sampleDataOf(t.db, caller.workspaceId, "flow")).toEqual({
      trigger: { order: 7 },
      outputs: { b: { ok: true } },
      pinned: { trigger: true, outputs: ["b"] },
    });
    const [entry] = await t.db.auditEntry.findMany({ where: { workspaceId: caller.workspaceId } });
    expect(entry).toMatchObject({ action: "workflow.samples", details: { trigger: true, outputs: ["b"] } });
    await pinSampleData(t.db, caller, "flow", {});
    expect((await sampleDataOf(t.db, caller.workspaceId, "flow")).pinned).toEqual({ trigger: false, outputs: [] });
  });

  it("pins a run's trigger body and its succeeded outputs, and only a run of the caller's workspace", async () => {
    const caller = await editorIn("from-run");
    const runId = await seedRun(t.db, caller.seeded, { body: { order: 9 } });
    await t.db.stepRun.createMany({
      data: [
        { runId, stepId: "a", status: "succeeded", output: { n: 1 } },
        { runId, stepId: "b", status: "failed", output: { partial: true } },
      ],
    });
    expect(await pinRunAsSamples(t.db, caller, runId)).toEqual({ slug: "flow" });
    expect(await sampleDataOf(t.db, caller.workspaceId, "flow")).toMatchObject({
      trigger: { order: 9 },
      outputs: { a: { n: 1 } },
      pinned: { trigger: true, outputs: ["a"] },
    });
    const stranger = await editorIn("stranger");
    await expect(pinRunAsSamples(t.db, stranger, runId)).rejects.toMatchObject({ status: 404 });
  });
});
