import type { Db, StepRun } from "@switchyard/db";
import { dispatchRun } from "@switchyard/workflows";
import { workflowIdForRun, type EngineClient, type RunResult } from "@switchyard/workflows/client";
import { definitionSchema } from "@switchyard/workflows/definition";
import { seedRun, seedWorkflow } from "./seed";

let counter = 0;

export interface FinishedRun {
  runId: string;
  result: RunResult;
  status: string;
  steps: Record<string, StepRun>;
}

/** Stores a definition, starts a run of it and waits for the workflow to finish. */
export async function runToCompletion(
  db: Db,
  engine: EngineClient,
  input: { steps: unknown[]; name?: string },
  options: { trigger?: object; reuse?: Record<string, unknown>; beforeDispatch?: (workspaceId: string) => Promise<unknown> } = {},
): Promise<FinishedRun> {
  const definition = definitionSchema.parse({ name: "test", trigger: { type: "webhook" }, ...input });
  const seeded = await seedWorkflow(db, definition, `wf-${++counter}`);
  const trigger = options.trigger ?? {};
  const runId = await seedRun(db, seeded, trigger);
  await options.beforeDispatch?.(seeded.workspaceId);
  await dispatchRun(db, engine, { runId, workflowName: definition.name, steps: definition.steps, trigger, ...(options.reuse ? { reuse: options.reuse } : {}) });
  const result = (await engine.temporal.workflow.getHandle(workflowIdForRun(runId)).result()) as RunResult;
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, include: { steps: true } });
  return { runId, result, status: run.status, steps: Object.fromEntries(run.steps.map((s) => [s.stepId, s])) };
}
