// "From manual to automatic": how people have decided each checkpoint of a workflow (by step id,
// across versions), and whether it has earned `mode: "auto"`. Computed in one bounded SQL query:
// only this workspace's approvals of this one workflow.
import { actionsReplacingTask, builtinRegistry } from "@switchyard/connectors";
import { Prisma, type Db } from "@switchyard/db";
import type { CheckpointStatsQuery } from "./checkpoint-stats.schema";
import { workflowIdOf } from "./workflows";

export interface CheckpointStats {
  stepId: string;
  /** approval | task, as its latest approval was. */
  kind: string;
  title: string;
  /** Closed by a person: approved, rejected or submitted. */
  decisions: number;
  approved: number;
  rejected: number;
  submitted: number;
  timedOut: number;
  pending: number;
  /** Approved (or submitted) of the decisions; null before any. */
  approvalRate: number | null;
  /** Approvals that changed an editable field's value, of the approvals; null before any. */
  editRate: number | null;
  /** From the request to the decision. */
  medianSecondsToDecide: number | null;
  p90SecondsToDecide: number | null;
  /** The newest decisions that were approvals without an edit, counted until the first that was not. */
  unchangedApprovalsInARow: number;
  readyToAutomate: boolean;
  /** Tasks: how long the manual step took, request to submission (median); null for approvals. */
  manualStepMedianSeconds: number | null;
  /** Tasks: actions whose output has every field of the task's form, so one could take over the work in a new version. */
  replaceableBy: string[];
}

interface Row {
  stepId: string;
  kind: string;
  title: string;
  approved: number;
  rejected: number;
  submitted: number;
  timedOut: number;
  pending: number;
  edited: number;
  median: number | null;
  p90: number | null;
  taskMedian: number | null;
  inARow: number;
  form: { key: string }[] | null;
}

// An approval counts as edited when one of its approve decisions set a field to something other
// than its prefilled value (an inbox that sends every field back unchanged edits nothing).
const statsQuery = (workspaceId: string, workflowId: string) => Prisma.sql`
  WITH approval AS (
    SELECT a.id, a."stepId", a.kind, a.title, a.form, a.status::text AS status, a."createdAt", a."decidedAt",
      a.status IN ('approved', 'rejected', 'submitted') AS decided,
      EXTRACT(EPOCH FROM a."decidedAt" - a."createdAt")::float8 AS seconds,
      EXISTS (
        SELECT 1 FROM "ApprovalDecision" d
        CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(d.edits) = 'object' THEN d.edits ELSE '{}' END) e
        WHERE d."approvalId" = a.id AND d.decision = 'approve'
          AND NOT EXISTS (
            SELECT 1 FROM jsonb_array_elements(a.editable) f WHERE f->>'key' = e.key AND f->'value' = e.value
          )
      ) AS edited
    FROM "Approval" a JOIN "Run" r ON r.id = a."runId"
    WHERE a."workspaceId" = ${workspaceId} AND r."workflowId" = ${workflowId}
      -- What people decided, not what auto mode or a developer's test run did.
      AND NOT r."testMode"
      AND NOT EXISTS (SELECT 1 FROM "ApprovalDecision" d WHERE d."approvalId" = a.id AND d.channel = 'auto')
  ), ranked AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY "stepId", decided ORDER BY "decidedAt" DESC, id DESC) AS recency
    FROM approval
  )
  SELECT "stepId",
    (array_agg(kind ORDER BY "createdAt" DESC))[1] AS kind,
    (array_agg(title ORDER BY "createdAt" DESC))[1] AS title,
    (array_agg(form ORDER BY "createdAt" DESC))[1] AS form,
    COUNT(*) FILTER (WHERE status = 'approved')::int AS approved,
    COUNT(*) FILTER (WHERE status = 'rejected')::int AS rejected,
    COUNT(*) FILTER (WHERE status = 'submitted')::int AS submitted,
    COUNT(*) FILTER (WHERE status = 'timed_out')::int AS "timedOut",
    COUNT(*) FILTER (WHERE status = 'pending')::int AS pending,
    COUNT(*) FILTER (WHERE status = 'approved' AND edited)::int AS edited,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) FILTER (WHERE decided) AS median,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds) FILTER (WHERE decided) AS p90,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) FILTER (WHERE status = 'submitted') AS "taskMedian",
    COALESCE(
      MIN(recency) FILTER (WHERE decided AND (status <> 'approved' OR edited)) - 1,
      COUNT(*) FILTER (WHERE decided)
    )::int AS "inARow"
  FROM ranked
  GROUP BY "stepId"
  ORDER BY "stepId"`;

const ratio = (part: number, whole: number) => (whole ? part / whole : null);
const seconds = (s: number | null) => (s === null ? null : Math.round(s * 1000) / 1000);

function statsOf(row: Row, readyAfter: number): CheckpointStats {
  const decisions = row.approved + row.rejected + row.submitted;
  return {
    stepId: row.stepId,
    kind: row.kind,
    title: row.title,
    decisions,
    approved: row.approved,
    rejected: row.rejected,
    submitted: row.submitted,
    timedOut: row.timedOut,
    pending: row.pending,
    approvalRate: ratio(row.approved + row.submitted, decisions),
    editRate: ratio(row.edited, row.approved),
    medianSecondsToDecide: seconds(row.median),
    p90SecondsToDecide: seconds(row.p90),
    unchangedApprovalsInARow: row.inARow,
    readyToAutomate: row.inARow >= readyAfter,
    manualStepMedianSeconds: row.kind === "task" ? seconds(row.taskMedian) : null,
    replaceableBy:
      row.kind === "task"
        ? actionsReplacingTask(
            builtinRegistry,
            (row.form ?? []).map((f) => f.key),
          )
        : [],
  };
}

/** `GET /workflows/<slug>/checkpoints`: one entry per checkpoint step that has asked anyone, by step id. */
export async function checkpointStats(
  db: Db,
  workspaceId: string,
  slug: string,
  { readyAfter }: CheckpointStatsQuery,
): Promise<{ readyAfter: number; checkpoints: CheckpointStats[] }> {
  const workflowId = await workflowIdOf(db, workspaceId, slug);
  const rows = await db.$queryRaw<Row[]>(statsQuery(workspaceId, workflowId));
  return { readyAfter, checkpoints: rows.map((row) => statsOf(row, readyAfter)) };
}
