// The stack as a caller meets it, each part in its own process as `npm run dev` runs it:
// webhooks into the production web build (`next start`), the worker (workflows/src/main.ts),
// Temporal's dev server and PostgreSQL. Scenarios A–C of issue 12 (one run at a time, ten at a
// time, a burst) beside a plain-Node floor, with A's stage breakdown and each process's CPU per
// run, once with Temporal on its SQLite file (as `npm run dev` keeps it, DEV_SQLITE_PRAGMAS) and
// once in memory.
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { tmpdir } from "node:os";
import path from "node:path";
import { prepareWorkflow, startNextServer, type NextServer } from "@switchyard/devstack";
import { connectEngine, type EngineClient } from "@switchyard/workflows/worker";
import { cpuDuring, postgresPids, processRssMiB, temporalPids, type ProcessGroups } from "./cpu";
import { stopOnInterrupt } from "./interrupt";
import { startTemporal, type BenchStack } from "./stack";
import { stageBreakdown, type TimedRun } from "./stages";
import { percentile, type Row } from "./stats";
import { startWorkerProcess, type WorkerProcess } from "./worker-process";

const STEP_MS = 200;
const BURST_S = 20;
const BURST_CONCURRENCY = 50;
export const FINISHED = ["succeeded", "failed", "partially_succeeded", "cancelled", "failed_to_start"];
/** The burst's runs must be done this long after it ends, or the bench stops waiting and says so. */
const DRAIN_LIMIT_S = 120;
const TASK_QUEUE = "bench-http";

export interface Hook {
  url: string;
  apiToken: string;
  workflowId: string;
}

/** One whole stack: its Temporal, worker process and web process, and who is measured in it. */
export interface FullStack {
  web: NextServer;
  engine: EngineClient;
  groups: ProcessGroups;
  workerPid: number;
  /** Every worker process started on it, the first one included (scale-out adds more). */
  workers: WorkerProcess[];
  /** Another worker process on the same task queue, with the first one's environment. */
  addWorker(): Promise<WorkerProcess>;
  stop(): Promise<void>;
}

export async function startFullStack(
  stack: BenchStack,
  temporalFile: string | undefined,
  cpuProfDir: string | undefined,
  /** More of the web's and worker's environment (e.g. a workspace's webhook limits). */
  extraEnv: Record<string, string> = {},
): Promise<FullStack> {
  const temporal = await startTemporal(temporalFile);
  const appEnv = {
    ...stack.webEnv,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    // The sink is the outside world here; the SSRF guard stays on for everything else.
    SWITCHYARD_ALLOWED_INTERNAL_HOSTS: new URL(stack.sink.url).host,
    SWITCHYARD_WORKSPACE_WEBHOOK_RATE: String(OPEN_RATE.perSecond),
    SWITCHYARD_WORKSPACE_WEBHOOK_BURST: String(OPEN_RATE.burst),
    ...extraEnv,
  };
  // Node refuses --cpu-prof in NODE_OPTIONS, so it goes on each command line.
  const nodeArgs = cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : [];
  const stops: (() => Promise<void>)[] = [() => temporal.teardown()];
  const stop = stopOnInterrupt(async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  });
  try {
    const workers: WorkerProcess[] = [];
    const addWorker = async () => {
      const worker = await startWorkerProcess(appEnv, nodeArgs);
      stops.push(() => worker.stop());
      workers.push(worker);
      return worker;
    };
    const first = await addWorker();
    const web = await startNextServer(appEnv, undefined, { nodeArgs });
    stops.push(() => web.stop());
    const engine = await connectEngine({ address: temporal.address, namespace: "default", taskQueue: TASK_QUEUE });
    stops.push(() => engine.close());
    const groups: ProcessGroups = {
      web: async () => [web.pid!],
      worker: async () => workers.map((w) => w.pid),
      temporal: temporalPids(temporal.address),
      postgres: postgresPids(stack.webEnv.DATABASE_URL!),
    };
    return { web, engine, groups, workerPid: first.pid, workers, addWorker, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export async function fire(hook: Hook): Promise<string> {
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

/** Far above what the machine takes: the scenarios measure the engine, not the webhook's rate limit. */
export const OPEN_RATE = { perSecond: 10_000, burst: 100_000 };

export async function webhookFlow(stack: BenchStack, full: FullStack, steps: unknown[]): Promise<Hook> {
  const trigger = { type: "webhook", rateLimit: OPEN_RATE };
  const wf = await prepareWorkflow(stack.db, full.engine, { name: "bench http", trigger, steps });
  return {
    url: `${full.web.url}/hooks/${wf.seeded.hookToken}`,
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

/** One run at a time, timed end to end; the first three warm up. */
async function scenarioA(full: FullStack, hook: Hook): Promise<TimedRun[]> {
  const runs: TimedRun[] = [];
  for (let i = 0; i < 23; i++) {
    const sentAt = Date.now();
    const runId = await fire(hook);
    const acceptedAt = Date.now();
    await finished(full.web, hook, runId);
    if (i >= 3) runs.push({ runId, sentAt, acceptedAt, doneAt: Date.now() });
  }
  return runs;
}

async function scenarioB(full: FullStack, hook: Hook) {
  const total = 60;
  let next = 0;
  let seconds = 0;
  const cpu = await cpuDuring(full.groups, async () => {
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next++ < total) await finished(full.web, hook, await fire(hook));
      }),
    );
    seconds = (performance.now() - t0) / 1000;
  });
  const perRun = Object.fromEntries(Object.entries(cpu.byGroup).map(([name, v]) => [name, v / total]));
  return { runsPerS: total / seconds, perRun, machinePerRun: cpu.machineMs / total };
}

async function scenarioC(stack: BenchStack, full: FullStack, hook: Hook) {
  const latencies: number[] = [];
  let accepted = 0;
  let refused = 0;
  const end = performance.now() + BURST_S * 1000;
  const burst = () =>
    Promise.all(
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
    ).then(() => undefined);
  const cpu = await cpuDuring(full.groups, burst);
  const burstEnded = performance.now();
  const where = { workflowId: hook.workflowId };
  const open = () => stack.db.run.count({ where: { ...where, status: { notIn: FINISHED as never[] } } });
  while ((await open()) && performance.now() - burstEnded < DRAIN_LIMIT_S * 1000)
    await new Promise((r) => setTimeout(r, 100));
  const drainS = (performance.now() - burstEnded) / 1000;
  const created = await stack.db.run.count({ where });
  const completed = await stack.db.run.count({ where: { ...where, status: "succeeded" } });
  latencies.sort((a, b) => a - b);
  const busy = Object.fromEntries(Object.entries(cpu.byGroup).map(([name, v]) => [name, v / (BURST_S * 1000)]));
  return {
    reqPerS: accepted / BURST_S,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    drain: drainS >= DRAIN_LIMIT_S ? `> ${DRAIN_LIMIT_S} s (still running)` : `${drainS.toFixed(1)} s`,
    accepted,
    refused,
    created,
    completed,
    busy,
    machineBusy: cpu.machineMs / (BURST_S * 1000),
  };
}

const ms = (v: number) => `${v.toFixed(0)} ms`;
const cores = (v: number) => v.toFixed(2);
const mib = (v: number) => `${v.toFixed(0)} MiB`;

/** Scenarios A–C against one whole stack, as rows (metric, value, target). */
async function scenarios(stack: BenchStack, full: FullStack, floor: number) {
  const rssOf = async () => ({ web: await processRssMiB(full.web.pid!), worker: await processRssMiB(full.workerPid) });
  const idleRss = await rssOf();
  const parallel = await webhookFlow(
    stack,
    full,
    ["a", "b", "c"].map((id) => ({
      id,
      uses: "http.request",
      with: { url: `${stack.sink.url}/slow`, method: "POST" },
    })),
  );
  const aRuns = await scenarioA(full, parallel);
  const a = aRuns.map((r) => r.doneAt - r.sentAt).sort((x, y) => x - y);
  const stages = await stageBreakdown(stack.db, full.engine, aRuns, STEP_MS);
  const b = await scenarioB(full, parallel);
  const oneStep = await webhookFlow(stack, full, [{ id: "a", uses: "core.transform", with: { value: 1 } }]);
  const c = await scenarioC(stack, full, oneStep);
  const engineCpu = b.perRun.web! + b.perRun.worker! + b.perRun.temporal!;
  const rows: [metric: string, value: string, target: string][] = [
    ["A: webhook → 3 × 200 ms → done (?wait), p50", ms(percentile(a, 50)), `≤ ${ms(1.5 * floor)} (1.5 × floor)`],
    ["A: same, p95", ms(percentile(a, 95)), ""],
    ...stages.map(([stage, v]): [string, string, string] => [`A stage: ${stage}`, ms(v), ""]),
    ["B: same at concurrency 10", `${b.runsPerS.toFixed(1)} runs/s`, "≥ 16 runs/s"],
    ["B: engine CPU per run (web + worker + Temporal)", ms(engineCpu), "≤ 100 ms"],
    [
      "B: CPU per run: web / worker / Temporal / PostgreSQL / machine",
      [b.perRun.web!, b.perRun.worker!, b.perRun.temporal!, b.perRun.postgres!, b.machinePerRun].map(ms).join(" / "),
      "",
    ],
    [
      `C: burst, ${BURST_CONCURRENCY} at once for ${BURST_S} s, accepted`,
      `${c.reqPerS.toFixed(0)} req/s`,
      "≥ 200 req/s",
    ],
    ["C: accept latency p50 / p99", `${ms(c.p50)} / ${ms(c.p99)}`, "p99 < 50 ms"],
    [
      `C: cores busy: web / worker / Temporal / PostgreSQL / machine (of ${availableParallelism()})`,
      [c.busy.web!, c.busy.worker!, c.busy.temporal!, c.busy.postgres!, c.machineBusy].map(cores).join(" / "),
      "",
    ],
    ["C: all runs done after the burst ended", c.drain, "≤ 10 s"],
    [
      "C: accepted / created / completed (refused)",
      `${c.accepted} / ${c.created} / ${c.completed} (${c.refused})`,
      "all equal",
    ],
    ["RSS idle: web / worker", `${mib(idleRss.web)} / ${mib(idleRss.worker)}`, "web < 200, worker < 250 MiB"],
  ];
  const loaded = await rssOf();
  rows.push(["RSS after A–C: web / worker", `${mib(loaded.web)} / ${mib(loaded.worker)}`, ""]);
  return rows;
}

/** Temporal as `npm run dev` keeps it (its SQLite file), then in memory, each row beside its twin. */
export async function httpStackBench(stack: BenchStack, options: { cpuProfDir?: string } = {}): Promise<Row[]> {
  stack.sink.on("/slow", { delayMs: STEP_MS });
  const floor = await floorMs(stack);
  const dir = await mkdtemp(path.join(tmpdir(), "switchyard-bench-"));
  const variants = [
    { name: "full stack, Temporal on file", temporalFile: path.join(dir, "temporal.db"), slug: "file" },
    { name: "full stack, Temporal in memory", temporalFile: undefined, slug: "memory" },
  ];
  const results: { name: string; rows: Awaited<ReturnType<typeof scenarios>> }[] = [];
  try {
    for (const variant of variants) {
      const profiles = options.cpuProfDir && path.join(options.cpuProfDir, variant.slug);
      const full = await startFullStack(stack, variant.temporalFile, profiles);
      try {
        results.push({ name: variant.name, rows: await scenarios(stack, full, floor) });
      } finally {
        await full.stop();
        // What this stack left unfinished must not be started by the next one's relay and counted there.
        await stack.db.run.updateMany({
          where: { status: { in: ["queued", "running"] } },
          data: { status: "cancelled", endedAt: new Date() },
        });
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // A profiler slows what it watches: its figures are not comparable with a plain run's.
  const label = (name: string) => (options.cpuProfDir ? `${name} (profiled)` : name);
  const rows: Row[] = [
    {
      benchmark: label("full stack"),
      metric: "A: floor, plain Node (3 parallel 200 ms calls), p50",
      value: ms(floor),
      target: "",
    },
  ];
  for (const [i, [metric, , target]] of results[0]!.rows.entries())
    for (const { name, rows: own } of results)
      rows.push({ benchmark: label(name), metric, value: own[i]![1], target: name === results[0]!.name ? target : "" });
  return rows;
}
