import type { Db } from "@switchyard/db";
import type { StoredOutput, TemplateContext } from "../definition/template";

type StepEntry = TemplateContext["steps"][string];

async function storedOutput(db: Db, runId: string, stepId: string, stored: StoredOutput): Promise<unknown> {
  if (stored === "step") {
    const row = await db.stepRun.findUniqueOrThrow({
      where: { runId_stepId: { runId, stepId } },
      select: { output: true },
    });
    return row.output;
  }
  const rows = await db.stepItem.findMany({
    where: { runId, stepId },
    orderBy: { index: "asc" },
    select: { output: true },
  });
  return rows.map((i) => i.output);
}

/** An incremental fan-out's changes, which its plan wrote into the step's row. */
async function storedChanges(db: Db, runId: string, stepId: string): Promise<unknown> {
  const row = await db.stepRun.findUniqueOrThrow({
    where: { runId_stepId: { runId, stepId } },
    select: { incremental: true },
  });
  return (row.incremental as { changes?: unknown } | null)?.changes;
}

/**
 * Fills in the outputs (and incremental changes) of steps the engine marked as stored (claim
 * check). Rows are looked up by the engine's run id and the context's own step ids only: a run
 * belongs to one workspace, so no other run's or tenant's data is reachable.
 */
export async function loadStoredOutputs(db: Db, runId: string, context: TemplateContext): Promise<TemplateContext> {
  const entries = await Promise.all(
    Object.entries(context.steps).map(async ([stepId, { stored, changesStored, ...s }]) => {
      const entry: StepEntry = s;
      await Promise.all([
        stored && storedOutput(db, runId, stepId, stored).then((output) => (entry.output = output)),
        changesStored && storedChanges(db, runId, stepId).then((changes) => (entry.changes = changes)),
      ]);
      return [stepId, entry] as const;
    }),
  );
  return { ...context, steps: Object.fromEntries(entries) };
}
