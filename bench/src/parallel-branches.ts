import { seedRun, seedWorkflow } from "@switchyard/devstack";
import { dispatchRun } from "@switchyard/workflows";
import { workflowIdForRun } from "@switchyard/workflows/client";
import type { StepDefinition } from "@switchyard/workflows/definition";
import type { BenchStack } from "./stack";
import { percentile, type Row } from "./stats";

const STEP_MS = 200;

/** Trigger → 3 independent 200 ms HTTP steps: the floor is one step's latency, not three. */
export async function parallelBranches({ db, engine, sink }: BenchStack): Promise<Row[]> {
  sink.on("/slow", { delayMs: STEP_MS });
  const steps: StepDefinition[] = ["a", "b", "c"].map((id) => ({ id, uses: "http.request", needs: [], with: { url: `${sink.url}/slow`, method: "POST" } }));
  const seeded = await seedWorkflow(db, { name: "bench", trigger: { type: "webhook" }, steps });

  const once = async () => {
    const runId = await seedRun(db, seeded);
    const t0 = performance.now();
    await dispatchRun(db, engine, { runId, steps, trigger: {} });
    await engine.temporal.workflow.getHandle(workflowIdForRun(runId)).result();
    return performance.now() - t0;
  };

  for (let i = 0; i < 3; i++) await once(); // warm-up
  const serial: number[] = [];
  for (let i = 0; i < 20; i++) serial.push(await once());
  serial.sort((a, b) => a - b);

  const total = 50;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 10 }, async () => {
    while (next++ < total) await once();
  }));
  const throughput = total / ((performance.now() - t0) / 1000);

  const name = "parallel branches (3 × 200 ms)";
  return [
    { benchmark: name, metric: "p50 latency, concurrency 1", value: `${percentile(serial, 50).toFixed(0)} ms`, target: "≤ 300 ms (floor 200)" },
    { benchmark: name, metric: "p95 latency, concurrency 1", value: `${percentile(serial, 95).toFixed(0)} ms`, target: "" },
    { benchmark: name, metric: "throughput, concurrency 10", value: `${throughput.toFixed(1)} runs/s`, target: "" },
  ];
}
