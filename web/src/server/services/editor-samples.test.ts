// The data picker's samples come from one run of the workflow: the latest finished one, or
// the one asked for, which must belong to this workflow.
import { seedRun, seedWorkflow, useTestDatabase, type SeededWorkflow } from "@switchyard/devstack/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../http/errors";
import { pickerSamples } from "./editor-samples";

const t = useTestDatabase();
const DEFINITION = {
  name: "Samples",
  trigger: { type: "webhook" },
  steps: [
    { id: "fetch", uses: "core.transform", with: { value: 1 } },
    { id: "post", uses: "core.transform", needs: ["fetch"], with: { value: 2 } },
  ],
};

let wf: SeededWorkflow;
let older: string;
let latest: string;
let foreign: string;
beforeAll(async () => {
  wf = await seedWorkflow(t.db, DEFINITION, "samples");
  const other = await seedWorkflow(t.db, DEFINITION, "samples");
  older = await seedRun(t.db, wf, { body: { n: 1 } });
  latest = await seedRun(t.db, wf, { body: { n: 2 } });
  foreign = await seedRun(t.db, other, { body: { n: 3 } });
  await t.db.run.update({
    where: { id: older },
    data: { status: "succeeded", createdAt: new Date(Date.UTC(2026, 0, 1)) },
  });
  await t.db.run.update({
    where: { id: latest },
    data: { status: "failed", createdAt: new Date(Date.UTC(2026, 0, 2)) },
  });
  await t.db.stepRun.createMany({
    data: [
      { runId: older, stepId: "fetch", status: "succeeded", output: { items: ["old"] } },
      { runId: latest, stepId: "fetch", status: "succeeded", output: { items: ["new"] } },
      { runId: latest, stepId: "post", status: "failed", output: { partial: true } },
    ],
  });
});

describe("pickerSamples", () => {
  it("reads the latest finished run: its event and its succeeded steps' outputs", async () => {
    expect(await pickerSamples(t.db, wf.workspaceId, "samples")).toEqual({
      runId: latest,
      trigger: { body: { n: 2 } },
      steps: { fetch: { items: ["new"] } },
    });
  });

  it("reads the run asked for", async () => {
    expect(await pickerSamples(t.db, wf.workspaceId, "samples", older)).toMatchObject({
      runId: older,
      steps: { fetch: { items: ["old"] } },
    });
  });

  it("refuses a run of another workflow as missing", async () => {
    const err = await pickerSamples(t.db, wf.workspaceId, "samples", foreign).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(404);
  });

  it("has no samples before the first finished run", async () => {
    const fresh = await seedWorkflow(t.db, DEFINITION, "fresh");
    await seedRun(t.db, fresh);
    expect(await pickerSamples(t.db, fresh.workspaceId, "fresh")).toEqual({ runId: null, steps: {} });
  });
});
