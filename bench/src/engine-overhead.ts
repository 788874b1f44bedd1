import type { BenchStack } from "./stack";
import { median, type Row } from "./stats";
import { prepare } from "./timed-run";

const STEPS = 10;
const REPS = 15;

/** 10 sequential no-op HTTP steps through the engine vs the same 10 calls in a bare Temporal workflow. */
export async function engineOverhead(stack: BenchStack): Promise<Row[]> {
  const url = `${stack.sink.url}/noop`;
  const steps = Array.from({ length: STEPS }, (_, i) => ({
    id: `s${i}`,
    uses: "http.request",
    needs: i ? [`s${i - 1}`] : [],
    with: { url, method: "POST" },
  }));
  const engineRun = await prepare(stack, { steps });
  let k = 0;
  const bareRun = async () => {
    const t0 = performance.now();
    await stack.engine.temporal.workflow.execute("bareSequence", {
      taskQueue: stack.engine.taskQueue,
      workflowId: `bare-${++k}`,
      args: [url, STEPS],
    });
    return performance.now() - t0;
  };

  const pure = await prepare(stack, {
    steps: Array.from({ length: 100 }, (_, i) => ({
      id: `p${i}`,
      uses: "core.transform",
      needs: i ? [`p${i - 1}`] : [],
      with: { value: `{{ ${i} + 1 }}` },
    })),
  });
  const onePure = await prepare(stack, { steps: [{ id: "p0", uses: "core.transform", with: { value: "{{ 1 }}" } }] });

  for (let i = 0; i < 3; i++) await Promise.all([engineRun(), bareRun()]); // warm-up
  const engine: number[] = [];
  const bare: number[] = [];
  const hundred: number[] = [];
  const one: number[] = [];
  for (let i = 0; i < REPS; i++) {
    engine.push((await engineRun()).ms);
    bare.push(await bareRun());
    hundred.push((await pure()).ms);
    one.push((await onePure()).ms);
  }
  const ratio = median(engine) / median(bare);
  const perPure = (median(hundred) - median(one)) / 99;
  return [
    {
      benchmark: "engine overhead (10 sequential steps)",
      metric: "engine median",
      value: `${median(engine).toFixed(0)} ms`,
      target: "",
    },
    {
      benchmark: "engine overhead (10 sequential steps)",
      metric: "bare Temporal median",
      value: `${median(bare).toFixed(0)} ms`,
      target: "",
    },
    {
      benchmark: "engine overhead (10 sequential steps)",
      metric: "ratio",
      value: `${ratio.toFixed(2)}×`,
      target: "≤ 1.3×",
    },
    {
      benchmark: "pure steps (100 chained core.transform)",
      metric: "cost per pure step",
      value: `${perPure.toFixed(2)} ms`,
      target: "< 1 ms",
    },
  ];
}
