import { Prisma, type Db } from "@switchyard/db";

/** The window the list's success rate and median duration cover. */
export const SUMMARY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export type TriggerKind = "webhook" | "poll" | "event" | "manual" | "schedule";

/** A row of the workflows list: the workflow, its last run, and how its runs of the last 7 days went. */
export interface WorkflowListItem {
  id: string;
  slug: string;
  name: string;
  enabled: boolean;
  version: number;
  trigger: { kind: TriggerKind; uses: string | null };
  updatedAt: string;
  lastRun: { id: string; status: string; createdAt: string } | null;
  week: {
    /** Runs that ended succeeded, failed, partially succeeded or failed to start (cancelled ones are left out). */
    finished: number;
    /** Succeeded among `finished`, 0..1; null without finished runs. */
    successRate: number | null;
    /** Of runs that started and ended; null without any. */
    medianDurationMs: number | null;
  };
}

interface Row {
  id: string;
  slug: string;
  name: string;
  enabled: boolean;
  updatedAt: Date;
  version: number | null;
  triggerKind: TriggerKind | null;
  triggerUses: string | null;
  lastRunId: string | null;
  lastStatus: string | null;
  lastAt: Date | null;
  finished: number;
  succeeded: number;
  medianMs: number | null;
}

// One statement for the whole list: the latest version, the last run and the week's figures per workflow.
const summariesQuery = (workspaceId: string, since: Date, until: Date) => Prisma.sql`
  SELECT w.id, w.slug, w.name, w.enabled, w."updatedAt",
    v.version, v.definition->'trigger'->>'type' AS "triggerKind", v.definition->'trigger'->>'uses' AS "triggerUses",
    l.id AS "lastRunId", l.status::text AS "lastStatus", l."createdAt" AS "lastAt",
    COALESCE(wk.finished, 0)::int AS finished, COALESCE(wk.succeeded, 0)::int AS succeeded, wk."medianMs"
  FROM "Workflow" w
  LEFT JOIN LATERAL (
    SELECT version, definition FROM "WorkflowVersion" WHERE "workflowId" = w.id ORDER BY version DESC LIMIT 1
  ) v ON true
  LEFT JOIN LATERAL (
    SELECT id, status, "createdAt" FROM "Run"
    WHERE "workflowId" = w.id AND "createdAt" <= ${until} ORDER BY "createdAt" DESC LIMIT 1
  ) l ON true
  LEFT JOIN (
    SELECT "workflowId",
      COUNT(*) FILTER (WHERE status IN ('succeeded', 'failed', 'partially_succeeded', 'failed_to_start')) AS finished,
      COUNT(*) FILTER (WHERE status = 'succeeded') AS succeeded,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "endedAt" - "startedAt") * 1000)
        FILTER (WHERE "startedAt" IS NOT NULL AND "endedAt" IS NOT NULL) AS "medianMs"
    FROM "Run"
    WHERE "workspaceId" = ${workspaceId} AND "createdAt" > ${since} AND "createdAt" <= ${until}
    GROUP BY "workflowId"
  ) wk ON wk."workflowId" = w.id
  WHERE w."workspaceId" = ${workspaceId}
  ORDER BY lower(w.name), w.slug`;

function itemOf(row: Row): WorkflowListItem {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    enabled: row.enabled,
    version: row.version ?? 0,
    trigger: { kind: row.triggerKind ?? "manual", uses: row.triggerUses },
    updatedAt: row.updatedAt.toISOString(),
    lastRun:
      row.lastRunId && row.lastStatus && row.lastAt
        ? { id: row.lastRunId, status: row.lastStatus, createdAt: row.lastAt.toISOString() }
        : null,
    week: {
      finished: row.finished,
      successRate: row.finished ? row.succeeded / row.finished : null,
      medianDurationMs: row.medianMs === null ? null : Math.round(Number(row.medianMs)),
    },
  };
}

/** Every workflow of the workspace with its last run and the 7 days up to `now` (runs created in (now-7d, now]). */
export async function workflowSummaries(db: Db, workspaceId: string, now: Date): Promise<WorkflowListItem[]> {
  const rows = await db.$queryRaw<Row[]>(summariesQuery(workspaceId, new Date(now.getTime() - SUMMARY_WINDOW_MS), now));
  return rows.map(itemOf);
}
