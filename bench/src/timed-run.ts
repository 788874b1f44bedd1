import { seedRun, seedWorkflow } from "@switchyard/devstack";
import { dispatchRun } from "@switchyard/workflows";
import { workflowIdForRun, type RunResult } from "@switchyard/workflows/client";
import { definitionSchema } from "@switchyard/workflows/definition";
import type { BenchStack } from "./stack";

let n = 0;

/** Stores a definition once; each call of the returned function runs it and returns wall time (dispatch → result). */
export async function prepare({ db, engine }: BenchStack, input: { steps: unknown[] }) {
  const definition = definitionSchema.parse({ name: "bench", trigger: { type: "webhook" }, ...input });
  const seeded = await seedWorkflow(db, definition, `bench-${++n}`);
  return async (trigger: object = {}): Promise<{ ms: number; result: RunResult }> => {
    const runId = await seedRun(db, seeded, trigger);
    const t0 = performance.now();
    await dispatchRun(db, engine, { runId, workflowName: definition.name, steps: definition.steps, trigger });
    const result = (await engine.temporal.workflow.getHandle(workflowIdForRun(runId)).result()) as RunResult;
    return { ms: performance.now() - t0, result };
  };
}
