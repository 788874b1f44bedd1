// `npm run bench [-- <group> …] [--cpu-prof]`: measurements printed as a table. Not a test; nothing
// here asserts. Groups: parallel, overhead, checkpoints, http, triggers, fanout, memory, scale, worker-options
// (all when none is named).
// --cpu-prof: the full stack's web and worker processes write CPU profiles (whole lifetime) into
// bench/.profiles/<variant>/, for profile-summary.ts.
import { fileURLToPath } from "node:url";
import { checkpointBench } from "./checkpoints";
import { engineOverhead } from "./engine-overhead";
import { fanOutBench } from "./fan-out";
import { httpStackBench } from "./http-stack";
import { stopEverythingStarted } from "./interrupt";
import { parallelBranches } from "./parallel-branches";
import { scaleOutBench } from "./scale-out";
import { startBenchStack, type BenchStack } from "./stack";
import { triggerBench } from "./trigger-bench";
import { stepMemoryBench } from "./step-memory";
import { printTable, type Row } from "./stats";
import { workerOptionsBench } from "./worker-options";

const rssRow = (metric: string): Row => ({
  benchmark: "worker (in-process with the client)",
  metric,
  value: `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`,
  target: "",
});

const args = process.argv.slice(2);
const cpuProfDir = args.includes("--cpu-prof") ? fileURLToPath(new URL("../.profiles", import.meta.url)) : undefined;

const GROUPS: Record<string, (stack: BenchStack) => Promise<Row[]>> = {
  parallel: async (stack) => [...(await parallelBranches(stack)), rssRow("RSS after throughput run")],
  overhead: engineOverhead,
  checkpoints: checkpointBench,
  http: (stack) => httpStackBench(stack, { cpuProfDir }),
  triggers: triggerBench,
  fanout: async (stack) => [...(await fanOutBench(stack)), rssRow("RSS after fan-out")],
  memory: stepMemoryBench,
  scale: scaleOutBench,
  "worker-options": workerOptionsBench,
};

const named = args.filter((a) => a !== "--cpu-prof");
const unknown = named.filter((g) => !(g in GROUPS));
if (unknown.length) {
  console.error(`unknown bench group ${unknown.join(", ")}; groups: ${Object.keys(GROUPS).join(", ")}`);
  process.exit(2);
}

const stack = await startBenchStack();
// Ctrl-C must not leave the worker, Next (holding its port), Temporal or the scratch database behind.
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    console.error(`${signal}: stopping the bench's processes`);
    void Promise.allSettled([stopEverythingStarted(), stack.close()]).finally(() => process.exit(130));
  });
const rows: Row[] = [rssRow("RSS idle")];
try {
  for (const [group, bench] of Object.entries(GROUPS))
    if (!named.length || named.includes(group)) rows.push(...(await bench(stack)));
} finally {
  await stack.close();
}
printTable(rows);
