// `npm run bench -- worker-options`: the worker's tuning options (workflows/src/worker-tuning.ts)
// measured under one load. Each setting is a worker process of its own (workflows/src/main.ts, as
// deployed), on a task queue of its own, against the bench's Temporal and database; one option
// varies at a time, the others keep their defaults. Settings take turns, round after round, so a
// machine whose load changes meanwhile weighs on all of them alike: compare within one run.
import { availableParallelism, loadavg } from "node:os";
import { connectEngine, workerTuningEnv } from "@switchyard/workflows/worker";
import { cpuDuring, postgresPids, processRssMiB, temporalPids } from "./cpu";
import { stopOnInterrupt } from "./interrupt";
import { startSinkProcess } from "./sink-process";
import type { BenchStack } from "./stack";
import { median, percentile, type Row } from "./stats";
import { prepare } from "./timed-run";
import { startWorkerProcess } from "./worker-process";

type Variable = keyof typeof workerTuningEnv;

/** The values tried; each option's default (worker-tuning.ts) is among them, and marked. */
const TRIED: [Variable, string[]][] = [
  ["SWITCHYARD_WORKER_ACTIVITY_CONCURRENCY", ["20", "100", "200", "400"]],
  ["SWITCHYARD_WORKER_CACHED_WORKFLOWS", ["25", "500", "2000"]],
  ["SWITCHYARD_WORKER_REUSE_V8_CONTEXT", ["on", "off"]],
];

/** One window's load, started all at once (an open burst, as webhooks arrive). */
const LOAD = {
  /** Runs of 3 parallel HTTP steps of STEP_MS each: I/O-bound work that needs activity slots. */
  parallel: 60,
  /** Runs that sleep (a durable timer) then make one call: runs waiting in the cache, as checkpoints hold them. */
  held: 60,
  /** One run fanning out this many STEP_MS items, 50 at a time. */
  fanOutItems: 60,
};
const STEP_MS = 1_000;
const HOLD = "3s";
const ROUNDS = 3;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const defaultOf = (variable: Variable) => String(workerTuningEnv[variable].parse(undefined));

interface Config {
  /** `VARIABLE=value`, or "defaults" for the worker with every default. */
  key: string;
  env: Record<string, string>;
}

/** Every worker to start: the one with all defaults, and one per value that is not its option's default. */
function configs(): Config[] {
  const varied = TRIED.flatMap(([variable, values]) =>
    values.filter((v) => v !== defaultOf(variable)).map((v) => ({ key: `${variable}=${v}`, env: { [variable]: v } })),
  );
  return [{ key: "defaults", env: {} }, ...varied];
}

interface Window {
  runsPerS: number;
  parallelMs: number[];
  fanOutMs: number;
  workerCpuPerRun: number;
  temporalCpuPerRun: number;
  rssPeakMiB: number;
  machineBusy: number;
  othersBusy: number;
}

type Target = Awaited<ReturnType<typeof startTarget>>;

async function startTarget(stack: BenchStack, sinkUrl: string, config: Config, index: number) {
  const taskQueue = `bench-options-${index}`;
  const worker = await startWorkerProcess({
    ...stack.webEnv,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SWITCHYARD_ALLOWED_INTERNAL_HOSTS: new URL(sinkUrl).host,
    // The bench dispatches every run itself; an idle relay must not start a slow one on its own queue.
    SWITCHYARD_RELAY_INTERVAL_MS: String(3_600_000),
    ...config.env,
  });
  const engine = await connectEngine({
    address: stack.webEnv.TEMPORAL_ADDRESS!,
    namespace: "default",
    taskQueue,
  });
  const on = { ...stack, engine };
  const call = (path: string) => ({ uses: "http.request", with: { url: `${sinkUrl}${path}`, method: "POST" } });
  const flows = {
    parallel: await prepare(on, { steps: ["a", "b", "c"].map((id) => ({ id, ...call("/slow") })) }),
    held: await prepare(on, {
      steps: [
        { id: "wait", uses: "core.delay", with: { duration: HOLD } },
        { id: "after", needs: ["wait"], ...call("/fast") },
      ],
    }),
    fanOut: await prepare(on, {
      steps: [{ id: "each", forEach: "{{ trigger.body.items }}", concurrency: 50, ...call("/slow") }],
    }),
  };
  const stop = stopOnInterrupt(async () => {
    await worker.stop();
    await engine.close();
  });
  return { config, pid: worker.pid, flows, idleRssMiB: await processRssMiB(worker.pid), stop };
}

/** Runs one window's load against `target`, watching its worker's CPU and resident memory. */
async function measureWindow(stack: BenchStack, target: Target, load: typeof LOAD): Promise<Window> {
  const { flows } = target;
  const parallelMs: number[] = [];
  let fanOutMs = 0;
  let rssPeakMiB = 0;
  const sampler = setInterval(
    () => void processRssMiB(target.pid).then((mib) => (rssPeakMiB = Math.max(rssPeakMiB, mib))),
    200,
  );
  const groups = {
    worker: async () => [target.pid],
    temporal: temporalPids(stack.webEnv.TEMPORAL_ADDRESS!),
    postgres: postgresPids(stack.webEnv.DATABASE_URL!),
  };
  const t0 = performance.now();
  const cpu = await cpuDuring(groups, async () => {
    // Every call settles before a failure is thrown: a client closed under one still retrying crashes the bench.
    const settled = await Promise.allSettled([
      ...range(load.parallel).map(async () => parallelMs.push((await flows.parallel()).ms)),
      ...range(load.held).map(() => flows.held()),
      flows.fanOut({ body: { items: range(load.fanOutItems) } }).then((r) => (fanOutMs = r.ms)),
    ]);
    const failed = settled.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
  }).finally(() => clearInterval(sampler));
  const seconds = (performance.now() - t0) / 1000;
  const runs = load.parallel + load.held + 1;
  const ours = Object.values(cpu.byGroup).reduce((a, b) => a + b, 0) + cpu.benchProcessMs;
  return {
    runsPerS: runs / seconds,
    parallelMs: parallelMs.sort((a, b) => a - b),
    fanOutMs,
    workerCpuPerRun: cpu.byGroup.worker! / runs,
    temporalCpuPerRun: cpu.byGroup.temporal! / runs,
    rssPeakMiB,
    machineBusy: cpu.machineMs / (seconds * 1000),
    othersBusy: Math.max(0, cpu.machineMs - ours) / (seconds * 1000),
  };
}

export async function workerOptionsBench(stack: BenchStack): Promise<Row[]> {
  const sink = await startSinkProcess({ "/slow": { echo: true, delayMs: STEP_MS }, "/fast": { echo: true } });
  const closeSink = stopOnInterrupt(() => sink.close());
  const loadBefore = loadavg()[0]!;
  const targets: Target[] = [];
  try {
    // Two at a time: each bundles the workflow code as it starts, and all at once can outlast the start timeout.
    const pending = configs().map((config, index) => ({ config, index }));
    const starter = async () => {
      for (let next = pending.shift(); next; next = pending.shift())
        targets.push(await startTarget(stack, sink.url, next.config, next.index));
    };
    await Promise.all([starter(), starter()]);
    // JIT and connection pools warm up on a small load first, for every setting alike.
    for (const t of targets) await measureWindow(stack, t, { parallel: 5, held: 5, fanOutItems: 5 });
    const windows = new Map<string, Window[]>(targets.map((t) => [t.config.key, []]));
    for (let round = 0; round < ROUNDS; round++)
      for (const [i] of targets.entries()) {
        // Each round starts one further along, so no setting always follows the same one.
        const target = targets[(i + round) % targets.length]!;
        const window = await measureWindow(stack, target, LOAD);
        windows.get(target.config.key)!.push(window);
        // A run takes minutes: say where it is.
        console.error(
          `worker-options: round ${round + 1}/${ROUNDS}, ${target.config.key}: ${JSON.stringify(summary(window))}`,
        );
      }
    return report(targets, windows, loadBefore);
  } finally {
    await Promise.all(targets.map((t) => t.stop()));
    await closeSink();
  }
}

/** One window in a line, rounded: progress while the bench runs, and the raw figures behind the table. */
const summary = ({ parallelMs, ...w }: Window) => ({
  ...Object.fromEntries(Object.entries(w).map(([k, v]) => [k, Math.round(v * 100) / 100])),
  p50: Math.round(percentile(parallelMs, 50)),
  p95: Math.round(percentile(parallelMs, 95)),
});

const ms = (v: number) => `${Math.round(v).toLocaleString("en-US")} ms`;

function report(targets: Target[], windows: Map<string, Window[]>, loadBefore: number): Row[] {
  const base = windows.get("defaults")!;
  const all = [...windows.values()].flat();
  const rows: Row[] = [
    {
      benchmark: "worker options: load",
      metric: `per window: ${LOAD.parallel} runs of 3 × ${STEP_MS} ms HTTP, ${LOAD.held} held ${HOLD} then 1 call, 1 fan-out of ${LOAD.fanOutItems} × ${STEP_MS} ms (50 at a time); ${ROUNDS} rounds`,
      value: `machine busy ${median(all.map((w) => w.machineBusy)).toFixed(2)} of ${availableParallelism()} cores, other processes ${median(all.map((w) => w.othersBusy)).toFixed(2)}; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`,
      target: "",
    },
  ];
  for (const [variable, values] of TRIED)
    for (const value of values) {
      const chosen = value === defaultOf(variable);
      const key = chosen ? "defaults" : `${variable}=${value}`;
      const own = windows.get(key)!;
      const at = <K extends keyof Window>(k: K) => own.map((w) => w[k] as number);
      // Each window beside the defaults' window of the same round: the ratio cancels the machine's drift.
      const ratio = median(own.map((w, round) => w.runsPerS / base[round]!.runsPerS));
      const latencies = own.flatMap((w) => w.parallelMs).sort((a, b) => a - b);
      rows.push({
        benchmark: `worker options: ${variable}`,
        metric: `${value}${chosen ? " (chosen)" : ""}`,
        value: [
          `${median(at("runsPerS")).toFixed(1)} runs/s (${ratio.toFixed(2)}× chosen)`,
          `p50/p95 ${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))}`,
          `fan-out ${(median(at("fanOutMs")) / 1000).toFixed(1)} s`,
          `CPU/run worker ${ms(median(at("workerCpuPerRun")))}, Temporal ${ms(median(at("temporalCpuPerRun")))}`,
          `RSS idle ${targets.find((t) => t.config.key === key)!.idleRssMiB.toFixed(0)}, peak ${median(at("rssPeakMiB")).toFixed(0)} MiB`,
        ].join("; "),
        // What the chosen value must hold against the others of its option.
        target: chosen ? "runs/s within 10% of the best, at the least CPU and RSS of those" : "",
      });
    }
  return rows;
}
