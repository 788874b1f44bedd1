import type { Db } from "@switchyard/db";
import type { TemplateContext } from "../definition/template";

/**
 * Fills in the outputs of steps the engine marked as stored (claim check). Rows
 * are looked up by the engine's run id and the context's own step ids only: a
 * run belongs to one workspace, so no other run's or tenant's data is reachable.
 */
export async function loadStoredOutputs(db: Db, runId: string, context: TemplateContext): Promise<TemplateContext> {
  const entries = await Promise.all(
    Object.entries(context.steps).map(async ([stepId, { stored, ...s }]) => {
      if (stored === "step") {
        const row = await db.stepRun.findUniqueOrThrow({
          where: { runId_stepId: { runId, stepId } },
          select: { output: true },
        });
        return [stepId, { ...s, output: row.output }] as const;
      }
      if (stored === "items") {
        const rows = await db.stepItem.findMany({
          where: { runId, stepId },
          orderBy: { index: "asc" },
          select: { output: true },
        });
        return [stepId, { ...s, output: rows.map((i) => i.output) }] as const;
      }
      return [stepId, s] as const;
    }),
  );
  return { ...context, steps: Object.fromEntries(entries) };
}
