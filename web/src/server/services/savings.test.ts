// What remembered results saved, on real Postgres with seeded step rows: only the workflow's own
// runs, created within 7 or 30 days before the injected clock (not at or before the window's start,
// not after the clock), and only steps that saved something.
import type { Db } from "@switchyard/db";
import {
  seedRun,
  seedSiblingWorkflow,
  seedWorkflow,
  useTestDatabase,
  type SeededWorkflow,
} from "@switchyard/devstack/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../http/errors";
import { workflowSavings } from "./savings";
import { REMEMBERING_WORKFLOW } from "./step-memory-fixtures";

const t = useTestDatabase();
const NOW = new Date(Date.UTC(2026, 5, 15, 12));
const DAY = 24 * 60 * 60 * 1000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

interface Saving {
  reason?: "cached" | "reused";
  calls?: number;
  ms?: number;
  /** An incremental fan-out whose `calls` items were reused. */
  incremental?: boolean;
}

/** A run created at `createdAt` whose steps saved what they say. */
async function runAt(db: Db, wf: SeededWorkflow, createdAt: Date, steps: Saving[]): Promise<void> {
  const runId = await seedRun(db, wf);
  await db.run.update({ where: { id: runId }, data: { createdAt, status: "succeeded" } });
  await db.stepRun.createMany({
    data: steps.map((s, i) => ({
      runId,
      stepId: `s${i}`,
      status: "succeeded" as const,
      reason: s.reason ?? null,
      originRunId: s.reason ? "run-origin" : null,
      savedCalls: s.calls ?? 0,
      savedMs: s.ms ?? 0,
      ...(s.incremental
        ? {
            incremental: {
              processed: 1,
              reused: s.calls ?? 0,
              failed: 0,
              changes: { added: [], changed: [], removed: [], unchanged: s.calls ?? 0 },
            },
          }
        : {}),
    })),
  });
}

const hit = (ms: number): Saving => ({ reason: "cached", calls: 1, ms });
const reusedItems = (calls: number, ms: number): Saving => ({ incremental: true, calls, ms });

let wf: SeededWorkflow;
let idle: SeededWorkflow;
beforeAll(async () => {
  wf = await seedWorkflow(t.db, REMEMBERING_WORKFLOW, "nightly");
  const other = await seedWorkflow(t.db, REMEMBERING_WORKFLOW, "nightly");
  const sibling = await seedSiblingWorkflow(t.db, wf, REMEMBERING_WORKFLOW, "sibling");
  idle = await seedWorkflow(t.db, REMEMBERING_WORKFLOW, "idle");
  // Inside both windows.
  await runAt(t.db, wf, NOW, [hit(50), {}]);
  await runAt(t.db, wf, ago(7 * DAY - 1), [hit(100), reusedItems(40, 2_000), { reason: "reused" }]);
  // Inside 30 days only: the 7-day window starts after this instant.
  await runAt(t.db, wf, ago(7 * DAY), [hit(200)]);
  await runAt(t.db, wf, ago(7 * DAY + 1), [hit(300)]);
  await runAt(t.db, wf, ago(30 * DAY - 1), [reusedItems(10, 500)]);
  // Outside both: at the 30-day window's start, before it, and after the clock.
  await runAt(t.db, wf, ago(30 * DAY), [hit(7_000)]);
  await runAt(t.db, wf, ago(30 * DAY + 1), [hit(8_000)]);
  await runAt(t.db, wf, new Date(NOW.getTime() + 1), [hit(9_000)]);
  // Another workflow's runs (of this workspace, and another's of the same slug) are its own.
  await runAt(t.db, sibling, NOW, [hit(60_000)]);
  await runAt(t.db, other, NOW, [reusedItems(500, 60_000)]);
  // A run of the idle workflow that saved nothing.
  await runAt(t.db, idle, NOW, [{}, { reason: "reused" }]);
});

describe("workflowSavings", () => {
  it("sums calls avoided, time saved, cache hits and reused items over 7 and 30 days before the clock", async () => {
    expect(await workflowSavings(t.db, wf.workspaceId, "nightly", NOW)).toEqual({
      workflow: "nightly",
      last7Days: {
        since: ago(7 * DAY).toISOString(),
        until: NOW.toISOString(),
        callsAvoided: 42,
        timeSavedMs: 2_150,
        cacheHits: 2,
        reusedItems: 40,
      },
      last30Days: {
        since: ago(30 * DAY).toISOString(),
        until: NOW.toISOString(),
        callsAvoided: 54,
        timeSavedMs: 3_150,
        cacheHits: 4,
        reusedItems: 50,
      },
    });
  });

  it("answers zeros for a workflow that saved nothing, and for a clock before any run", async () => {
    const nothing = { callsAvoided: 0, timeSavedMs: 0, cacheHits: 0, reusedItems: 0 };
    const idleSavings = await workflowSavings(t.db, idle.workspaceId, "idle", NOW);
    expect(idleSavings).toMatchObject({ last7Days: nothing, last30Days: nothing });
    const long = await workflowSavings(t.db, wf.workspaceId, "nightly", ago(365 * DAY));
    expect(long).toMatchObject({ last7Days: nothing, last30Days: nothing });
  });

  it("answers 404 for another workspace's workflow, as for a missing one", async () => {
    for (const slug of ["idle", "no-such"]) {
      const err = await workflowSavings(t.db, wf.workspaceId, slug, NOW).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({ status: 404, message: `No workflow "${slug}" in this workspace.` });
    }
  });
});
