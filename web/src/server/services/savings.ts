// What a workflow's remembered results saved: connector calls its cached steps and incremental
// fan-outs did not make, and the time those calls took when they were made, over 7 and 30 days.
import { Prisma, type Db } from "@switchyard/db";
import { noSuchWorkflow } from "./workflows";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SavingsWindow {
  /** Runs created after `since`, up to and including `until`. */
  since: string;
  until: string;
  /** Connector calls not made: cache hits and reused items. */
  callsAvoided: number;
  /** What those calls took when they were made (their original durations), in milliseconds. */
  timeSavedMs: number;
  /** Steps that took a remembered result instead of running. */
  cacheHits: number;
  /** Incremental fan-out items taken from an earlier run instead of processed again. */
  reusedItems: number;
}

export interface WorkflowSavings {
  workflow: string;
  last7Days: SavingsWindow;
  last30Days: SavingsWindow;
}

interface Row {
  /** Created in the last 7 days; null when the workflow has no saving run in 30. */
  recent: boolean | null;
  calls: number;
  ms: number;
  cacheHits: number;
  reusedItems: number;
}

/**
 * One statement, whose work is bounded by the workflow's runs of the 30 days: they come through the
 * (workflowId, createdAt) index, and each run's step rows through its own index. Each level is
 * LATERAL with an aggregate, which the planner cannot flatten into a join: flattened, it hashed
 * every step row of every workspace that saved anything. No row at all: the workflow is not this workspace's.
 */
const savingsQuery = (workspaceId: string, slug: string, week: Date, month: Date, until: Date) => Prisma.sql`
  SELECT t.recent, COALESCE(t.calls, 0) AS calls, COALESCE(t.ms, 0) AS ms,
    COALESCE(t."cacheHits", 0) AS "cacheHits", COALESCE(t."reusedItems", 0) AS "reusedItems"
  FROM "Workflow" w
  LEFT JOIN LATERAL (
    SELECT r."createdAt" > ${week} AS recent, SUM(run.calls)::float8 AS calls, SUM(run.ms)::float8 AS ms,
      SUM(run."cacheHits")::int AS "cacheHits", SUM(run."reusedItems")::float8 AS "reusedItems"
    FROM "Run" r
    CROSS JOIN LATERAL (
      SELECT SUM(s."savedCalls") AS calls, SUM(s."savedMs") AS ms,
        COUNT(*) FILTER (WHERE s.reason = 'cached') AS "cacheHits",
        SUM(s."savedCalls") FILTER (WHERE s.incremental IS NOT NULL) AS "reusedItems"
      FROM "StepRun" s WHERE s."runId" = r.id AND (s."savedCalls" > 0 OR s.reason = 'cached')
    ) run
    WHERE r."workflowId" = w.id AND r."createdAt" > ${month} AND r."createdAt" <= ${until}
    GROUP BY 1
  ) t ON true
  WHERE w."workspaceId" = ${workspaceId} AND w.slug = ${slug}`;

function windowOf(rows: Row[], since: Date, until: Date): SavingsWindow {
  const sum = (key: "calls" | "ms" | "cacheHits" | "reusedItems") => rows.reduce((n, r) => n + r[key], 0);
  return {
    since: since.toISOString(),
    until: until.toISOString(),
    callsAvoided: sum("calls"),
    timeSavedMs: sum("ms"),
    cacheHits: sum("cacheHits"),
    reusedItems: sum("reusedItems"),
  };
}

/** The last 7 and 30 days up to `now` (created after the window's start, up to `now` included). */
export async function workflowSavings(
  db: Db,
  workspaceId: string,
  slug: string,
  now = new Date(),
): Promise<WorkflowSavings> {
  const week = new Date(now.getTime() - 7 * DAY_MS);
  const month = new Date(now.getTime() - 30 * DAY_MS);
  const rows = await db.$queryRaw<Row[]>(savingsQuery(workspaceId, slug, week, month, now));
  if (!rows.length) throw noSuchWorkflow(slug);
  return {
    workflow: slug,
    last7Days: windowOf(
      rows.filter((r) => r.recent === true),
      week,
      now,
    ),
    last30Days: windowOf(rows, month, now),
  };
}
