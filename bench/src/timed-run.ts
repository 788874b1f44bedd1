import { prepareWorkflow } from "@switchyard/devstack";
import type { RunResult } from "@switchyard/workflows/worker";
import type { BenchStack } from "./stack";

/**
 * Stores a definition once; each call runs it and returns the wall time from storing the run to its
 * result. A run that does not succeed throws: a failing step is fast, and would read as a speed-up.
 */
export async function prepare({ db, engine }: BenchStack, input: { steps: unknown[] }) {
  const wf = await prepareWorkflow(db, engine, { name: "bench", ...input });
  return async (trigger: object = {}): Promise<{ ms: number; result: RunResult; runId: string }> => {
    const t0 = performance.now();
    const runId = await wf.start({ trigger });
    const result = await wf.result(runId);
    const ms = performance.now() - t0;
    if (result.status !== "succeeded")
      throw new Error(`a bench run ended ${result.status}: ${JSON.stringify(result.steps)}`);
    return { ms, result, runId };
  };
}
