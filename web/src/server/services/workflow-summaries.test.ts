// The workflows list on a real database: one query answers every workflow's last run and its
// 7 days up to an injected clock (success rate over finished runs, median duration).
import type { RunStatus } from "@switchyard/db";
import { useTestDatabase } from "@switchyard/devstack/testing";
import { beforeAll, describe, expect, it } from "vitest";
import type { ApiCaller } from "../auth/api-token";
import { workflowSummaries } from "./workflow-summaries";
import { editorOfNewWorkspace, transformFlow, workflowTestServices } from "./workflow-test-kit";
import { applyWorkflow } from "./workflows";

const t = useTestDatabase();
const NOW = new Date("2026-03-10T12:00:00Z");
const HOUR = 3600_000;
const DAY = 24 * HOUR;
let caller: ApiCaller;

async function addRun(
  workflowId: string,
  status: RunStatus,
  createdAgoMs: number,
  durationMs: number | null,
): Promise<string> {
  const version = await t.db.workflowVersion.findFirstOrThrow({ where: { workflowId } });
  const createdAt = new Date(NOW.getTime() - createdAgoMs);
  const run = await t.db.run.create({
    data: {
      workspaceId: caller.workspaceId,
      workflowId,
      versionId: version.id,
      status,
      createdAt,
      startedAt: durationMs === null ? null : createdAt,
      endedAt: durationMs === null ? null : new Date(createdAt.getTime() + durationMs),
    },
  });
  return run.id;
}

beforeAll(async () => {
  caller = await editorOfNewWorkspace(t.db, "summaries");
});

describe("workflowSummaries", () => {
  it("gives the last run, and the week's success rate and median duration, without runs outside the window", async () => {
    const s = workflowTestServices(t.db);
    const busy = await applyWorkflow(s, caller, "busy", transformFlow("Busy"));
    await applyWorkflow(s, caller, "idle", { ...transformFlow("Idle"), trigger: { type: "manual" } });
    await addRun(busy.id, "succeeded", 8 * DAY, 1_000);
    await addRun(busy.id, "succeeded", 7 * DAY, 1_000); // exactly a week before: outside
    await addRun(busy.id, "succeeded", 6 * DAY, 10_000);
    await addRun(busy.id, "failed", 5 * DAY, 20_000);
    await addRun(busy.id, "succeeded", 4 * DAY, 30_000);
    await addRun(busy.id, "cancelled", 3 * DAY, null); // neither finished nor timed
    await addRun(busy.id, "partially_succeeded", 2 * DAY, 40_000);
    const last = await addRun(busy.id, "running", HOUR, null);
    await addRun(busy.id, "succeeded", -HOUR, 5_000); // after the clock: not yet

    const list = await workflowSummaries(t.db, caller.workspaceId, NOW);
    expect(list.map((w) => w.slug)).toEqual(["busy", "idle"]);
    expect(list[0]).toMatchObject({
      name: "Busy",
      enabled: true,
      version: 1,
      trigger: { kind: "webhook", uses: null },
      lastRun: { id: last, status: "running", createdAt: new Date(NOW.getTime() - HOUR).toISOString() },
      week: { finished: 4, successRate: 0.5, medianDurationMs: 25_000 },
    });
    expect(list[1]).toMatchObject({
      trigger: { kind: "manual" },
      lastRun: null,
      week: { finished: 0, successRate: null, medianDurationMs: null },
    });
  });

  it("shows no other workspace's workflows", async () => {
    const other = await editorOfNewWorkspace(t.db, "summaries-other");
    await applyWorkflow(workflowTestServices(t.db), other, "theirs", transformFlow("Theirs"));
    expect((await workflowSummaries(t.db, caller.workspaceId, NOW)).map((w) => w.slug)).not.toContain("theirs");
    expect((await workflowSummaries(t.db, other.workspaceId, NOW)).map((w) => w.slug)).toEqual(["theirs"]);
  });
});
