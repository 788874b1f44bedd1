// Example data for the editor's data picker: what a real run of the workflow received and
// produced, so a person picks `steps.fetch.output.items[0].name` from values they recognise.
import { RunStatus, type Db, type Prisma } from "@switchyard/db";
import { ApiError } from "../http/errors";
import { pinnedOf } from "./sample-data";

export interface PickerSamples {
  /** The run the samples come from; null when the workflow has no finished run yet. */
  runId: string | null;
  trigger?: unknown;
  /** Outputs of the steps that succeeded in that run. */
  steps: Record<string, unknown>;
}

/** Runs whose outputs are worth showing: at least some steps succeeded. */
const FINISHED_WITH_OUTPUTS = [RunStatus.succeeded, RunStatus.partially_succeeded, RunStatus.failed];

const sampleSelect = {
  id: true,
  event: { select: { payload: true } },
  steps: { where: { status: "succeeded" }, select: { stepId: true, output: true } },
} as const satisfies Prisma.RunSelect;

/**
 * Samples from the given run (`?sampleFromRun=`), which must be one of this workflow's, or
 * else from its latest finished run with what people pinned on top.
 */
export async function pickerSamples(db: Db, workspaceId: string, slug: string, runId?: string): Promise<PickerSamples> {
  const workflow = await db.workflow.findUnique({
    where: { workspaceId_slug: { workspaceId, slug } },
    select: { id: true, sampleData: true },
  });
  if (!workflow) throw new ApiError(404, "not_found", `No workflow "${slug}" in this workspace.`);
  const fromRuns = await runSamples(db, workspaceId, workflow.id, slug, runId);
  if (runId) return fromRuns;
  const pinned = pinnedOf(workflow.sampleData);
  return {
    ...fromRuns,
    // A pinned trigger is the body a test run sends, as a webhook's payload carries it.
    ...("trigger" in pinned ? { trigger: { body: pinned.trigger } } : {}),
    steps: { ...fromRuns.steps, ...pinned.outputs },
  };
}

async function runSamples(
  db: Db,
  workspaceId: string,
  workflowId: string,
  slug: string,
  runId: string | undefined,
): Promise<PickerSamples> {
  const run = runId
    ? await db.run.findFirst({ where: { id: runId, workflowId, workspaceId }, select: sampleSelect })
    : await db.run.findFirst({
        where: { workflowId, workspaceId, status: { in: FINISHED_WITH_OUTPUTS } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: sampleSelect,
      });
  if (!run) {
    if (runId) throw new ApiError(404, "not_found", `No run ${runId} of workflow "${slug}" in this workspace.`);
    return { runId: null, steps: {} };
  }
  return {
    runId: run.id,
    ...(run.event ? { trigger: run.event.payload } : {}),
    steps: Object.fromEntries(run.steps.map((s) => [s.stepId, s.output])),
  };
}
