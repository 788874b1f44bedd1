// The stack as a caller meets it: webhooks into the production web build (`next start`, its own
// process), the worker in this process, Temporal's dev server and PostgreSQL. Scenarios A–C of
// issue 12: one run at a time, ten at a time, and a burst, each beside a plain-Node floor.
import { prepareWorkflow, startNextServer, type NextServer } from "@switchyard/devstack";
import { cpuDuring, processRssMiB } from "./cpu";
import type { BenchStack } from "./stack";
import { percentile, type Row } from "./stats";

const NAME = "full stack (next start)";
const STEP_MS = 200;
const BURST_S = 20;
const BURST_CONCURRENCY = 50;
const FINISHED = ["succeeded", "failed", "partially_succeeded", "cancelled", "failed_to_start"];

interface Hook {
  url: string;
  apiToken: string;
}

async function fire(web: NextServer, hook: Hook): Promise<string> {
  const res = await fetch(hook.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  if (res.status !== 202) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { runId: string }).runId;
}

/** The run once finished, through the API's own wait; one that did not succeed fails the bench (it would read as fast). */
async function finished(web: NextServer, hook: Hook, runId: string): Promise<void> {
  const res = await fetch(`${web.url}/api/v1/runs/${runId}?wait=50s`, {
    headers: { authorization: `Bearer ${hook.apiToken}` },
  });
  const { status } = (await res.json()) as { status: string };
  if (!res.ok || status !== "succeeded") throw new Error(`run ${runId} answered ${res.status}, status ${status}`);
}

async function webhookFlow(
  stack: BenchStack,
  web: NextServer,
  steps: unknown[],
): Promise<Hook & { workflowId: string }> {
  const wf = await prepareWorkflow(stack.db, stack.engine, { name: "bench http", steps });
  return {
    url: `${web.url}/hooks/${wf.seeded.hookToken}`,
    apiToken: wf.seeded.apiToken,
    workflowId: wf.seeded.workflowId,
  };
}

/** Plain Node: three parallel 200 ms calls, the least any engine can take. */
async function floorMs(stack: BenchStack): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await Promise.all([1, 2, 3].map(() => fetch(`${stack.sink.url}/slow`, { method: "POST" }).then((r) => r.text())));
    samples.push(performance.now() - t0);
  }
  return percentile(
    samples.sort((a, b) => a - b),
    50,
  );
}

async function scenarioA(stack: BenchStack, web: NextServer, hook: Hook): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < 23; i++) {
    const t0 = performance.now();
    await finished(web, hook, await fire(web, hook));
    if (i >= 3) samples.push(performance.now() - t0); // the first three warm up
  }
  return samples.sort((a, b) => a - b);
}

async function scenarioB(web: NextServer, hook: Hook) {
  const total = 60;
  let next = 0;
  let seconds = 0;
  const cpu = await cpuDuring(web.pid, async () => {
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next++ < total) await finished(web, hook, await fire(web, hook));
      }),
    );
    seconds = (performance.now() - t0) / 1000;
  });
  return {
    runsPerS: total / seconds,
    cpuPerRun: { web: cpu.webMs / total, worker: cpu.benchProcessMs / total, machine: cpu.machineMs / total },
  };
}

async function scenarioC(stack: BenchStack, web: NextServer, hook: Hook & { workflowId: string }) {
  const latencies: number[] = [];
  let accepted = 0;
  let refused = 0;
  const end = performance.now() + BURST_S * 1000;
  const cpu = await cpuDuring(web.pid, () => burst());
  async function burst() {
    await Promise.all(
      Array.from({ length: BURST_CONCURRENCY }, async () => {
        while (performance.now() < end) {
          const t0 = performance.now();
          const res = await fetch(hook.url, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: "{}",
          });
          await res.arrayBuffer();
          latencies.push(performance.now() - t0);
          if (res.status === 202) accepted++;
          else refused++;
        }
      }),
    );
  }
  const burstEnded = performance.now();
  const where = { workflowId: hook.workflowId };
  for (;;) {
    const open = await stack.db.run.count({ where: { ...where, status: { notIn: FINISHED as never[] } } });
    if (!open) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const drainS = (performance.now() - burstEnded) / 1000;
  const created = await stack.db.run.count({ where });
  const completed = await stack.db.run.count({ where: { ...where, status: "succeeded" } });
  latencies.sort((a, b) => a - b);
  const busy = {
    web: cpu.webMs / (BURST_S * 1000),
    machine: cpu.machineMs / (BURST_S * 1000),
  };
  return {
    reqPerS: accepted / BURST_S,
    p99: percentile(latencies, 99),
    drainS,
    accepted,
    refused,
    created,
    completed,
    busy,
  };
}

export async function httpStackBench(stack: BenchStack): Promise<Row[]> {
  stack.sink.on("/slow", { delayMs: STEP_MS });
  const web = await startNextServer(stack.webEnv);
  const webRss = () => (web.pid ? processRssMiB(web.pid) : Promise.resolve(NaN));
  try {
    const idleRss = await webRss();
    const parallel = await webhookFlow(
      stack,
      web,
      ["a", "b", "c"].map((id) => ({
        id,
        uses: "http.request",
        with: { url: `${stack.sink.url}/slow`, method: "POST" },
      })),
    );
    const floor = await floorMs(stack);
    const a = await scenarioA(stack, web, parallel);
    const b = await scenarioB(web, parallel);
    const oneStep = await webhookFlow(stack, web, [{ id: "a", uses: "core.transform", with: { value: 1 } }]);
    const c = await scenarioC(stack, web, oneStep);
    const loadedRss = await webRss();
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    return [
      { benchmark: NAME, metric: "A: floor, plain Node (3 parallel 200 ms calls), p50", value: ms(floor), target: "" },
      {
        benchmark: NAME,
        metric: "A: webhook → 3 × 200 ms → done (?wait), p50",
        value: ms(percentile(a, 50)),
        target: `≤ ${ms(1.5 * floor)} (1.5 × floor)`,
      },
      { benchmark: NAME, metric: "A: same, p95", value: ms(percentile(a, 95)), target: "" },
      {
        benchmark: NAME,
        metric: "B: same at concurrency 10",
        value: `${b.runsPerS.toFixed(1)} runs/s`,
        target: "≥ 16 runs/s",
      },
      {
        benchmark: NAME,
        metric: "B: CPU per run: web / worker+client / machine",
        value: `${ms(b.cpuPerRun.web)} / ${ms(b.cpuPerRun.worker)} / ${ms(b.cpuPerRun.machine)}`,
        target: "engine ≤ 100 ms",
      },
      {
        benchmark: NAME,
        metric: `C: burst, ${BURST_CONCURRENCY} at once for ${BURST_S} s, accepted`,
        value: `${c.reqPerS.toFixed(0)} req/s`,
        target: "≥ 200 req/s",
      },
      {
        benchmark: NAME,
        metric: "C: cores busy during the burst: web / whole machine (of 2)",
        value: `${c.busy.web.toFixed(2)} / ${c.busy.machine.toFixed(2)}`,
        target: "",
      },
      { benchmark: NAME, metric: "C: accept latency p99", value: ms(c.p99), target: "< 50 ms" },
      {
        benchmark: NAME,
        metric: "C: all runs done after the burst ended",
        value: `${c.drainS.toFixed(1)} s`,
        target: "≤ 10 s",
      },
      {
        benchmark: NAME,
        metric: "C: accepted / created / completed (refused)",
        value: `${c.accepted} / ${c.created} / ${c.completed} (${c.refused})`,
        target: "all equal",
      },
      {
        benchmark: NAME,
        metric: "web RSS: idle / after A–C",
        value: `${idleRss.toFixed(0)} / ${loadedRss.toFixed(0)} MiB`,
        target: "idle < 200 MiB",
      },
    ];
  } finally {
    await web.stop();
  }
}
