// How long a workflow's steps take (recent succeeded runs) and what that means for its
// parallelism: the analysis REST's /parallelism and tRPC's workflows.parallelism answer.
import { RunStatus, type Db } from "@switchyard/db";
import { expectedDurations } from "@switchyard/workflows/definition";
import { parallelismReport, type ParallelismReport } from "~/lib/editor/parallelism-report";
import { getWorkflow, workflowIdOf } from "./workflows";

/** Recent enough to follow a changed step, enough to smooth out one slow run. */
export const DURATION_RUNS = 20;

/** Median duration of each step over the workflow's last succeeded runs; steps never timed are left out. */
export async function stepDurations(
  db: Db,
  workspaceId: string,
  slug: string,
  runs = DURATION_RUNS,
): Promise<Record<string, number>> {
  const workflowId = await workflowIdOf(db, workspaceId, slug);
  const recent = await db.run.findMany({
    where: { workflowId, workspaceId, status: RunStatus.succeeded },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: runs,
    select: {
      steps: {
        where: { status: "succeeded", startedAt: { not: null }, endedAt: { not: null } },
        select: { stepId: true, startedAt: true, endedAt: true },
      },
    },
  });
  return expectedDurations(
    recent.map((run) =>
      run.steps.map((s) => ({ stepId: s.stepId, durationMs: s.endedAt!.getTime() - s.startedAt!.getTime() })),
    ),
  );
}

/** The latest version's parallelism, timed by recent runs. */
export async function workflowParallelism(
  db: Db,
  workspaceId: string,
  slug: string,
): Promise<ParallelismReport & { version: number }> {
  const workflow = await getWorkflow(db, workspaceId, slug);
  const durations = await stepDurations(db, workspaceId, slug);
  return { version: workflow.version, ...parallelismReport(workflow.definition, durations) };
}
