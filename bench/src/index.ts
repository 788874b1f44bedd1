// `npm run bench [-- <group> …]`: measurements printed as a table. Not a test; nothing here asserts.
// Groups: parallel, overhead, checkpoints, http, fanout (all when none is named).
import { checkpointBench } from "./checkpoints";
import { engineOverhead } from "./engine-overhead";
import { fanOutBench } from "./fan-out";
import { httpStackBench } from "./http-stack";
import { parallelBranches } from "./parallel-branches";
import { startBenchStack, type BenchStack } from "./stack";
import { printTable, type Row } from "./stats";

const rssRow = (metric: string): Row => ({
  benchmark: "worker (in-process with the client)",
  metric,
  value: `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`,
  target: "",
});

const GROUPS: Record<string, (stack: BenchStack) => Promise<Row[]>> = {
  parallel: async (stack) => [...(await parallelBranches(stack)), rssRow("RSS after throughput run")],
  overhead: engineOverhead,
  checkpoints: checkpointBench,
  http: httpStackBench,
  fanout: async (stack) => [...(await fanOutBench(stack)), rssRow("RSS after fan-out")],
};

const named = process.argv.slice(2);
const unknown = named.filter((g) => !(g in GROUPS));
if (unknown.length) {
  console.error(`unknown bench group ${unknown.join(", ")}; groups: ${Object.keys(GROUPS).join(", ")}`);
  process.exit(2);
}

const stack = await startBenchStack();
const rows: Row[] = [rssRow("RSS idle")];
try {
  for (const [group, bench] of Object.entries(GROUPS))
    if (!named.length || named.includes(group)) rows.push(...(await bench(stack)));
} finally {
  await stack.close();
}
printTable(rows);
