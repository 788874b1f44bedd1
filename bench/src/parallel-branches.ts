import type { BenchStack } from "./stack";
import { percentile, type Row } from "./stats";
import { prepare } from "./timed-run";

const STEP_MS = 200;

/** Trigger → 3 independent 200 ms HTTP steps: the floor is one step's latency, not three. */
export async function parallelBranches(stack: BenchStack): Promise<Row[]> {
  stack.sink.on("/slow", { delayMs: STEP_MS });
  const run = await prepare(stack, {
    steps: ["a", "b", "c"].map((id) => ({
      id,
      uses: "http.request",
      with: { url: `${stack.sink.url}/slow`, method: "POST" },
    })),
  });

  for (let i = 0; i < 3; i++) await run(); // warm-up
  const serial: number[] = [];
  for (let i = 0; i < 20; i++) serial.push((await run()).ms);
  serial.sort((a, b) => a - b);

  const total = 50;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next++ < total) await run();
    }),
  );
  const throughput = total / ((performance.now() - t0) / 1000);

  const name = "parallel branches (3 × 200 ms)";
  return [
    {
      benchmark: name,
      metric: "p50 latency, concurrency 1",
      value: `${percentile(serial, 50).toFixed(0)} ms`,
      target: "≤ 300 ms (floor 200)",
    },
    {
      benchmark: name,
      metric: "p95 latency, concurrency 1",
      value: `${percentile(serial, 95).toFixed(0)} ms`,
      target: "",
    },
    { benchmark: name, metric: "throughput, concurrency 10", value: `${throughput.toFixed(1)} runs/s`, target: "" },
  ];
}
