// `npm run bench`: measurements printed as a table. Not a test; nothing here asserts.
import { checkpointBench } from "./checkpoints";
import { engineOverhead } from "./engine-overhead";
import { fanOutBench } from "./fan-out";
import { parallelBranches } from "./parallel-branches";
import { startBenchStack } from "./stack";
import { printTable, type Row } from "./stats";

const rssMiB = () => `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`;

const stack = await startBenchStack();
const rows: Row[] = [];
try {
  rows.push({ benchmark: "worker (in-process with the client)", metric: "RSS idle", value: rssMiB(), target: "" });
  rows.push(...(await parallelBranches(stack)));
  rows.push({
    benchmark: "worker (in-process with the client)",
    metric: "RSS after throughput run",
    value: rssMiB(),
    target: "",
  });
  rows.push(...(await engineOverhead(stack)));
  rows.push(...(await checkpointBench(stack)));
  rows.push(...(await fanOutBench(stack)));
  rows.push({
    benchmark: "worker (in-process with the client)",
    metric: "RSS after fan-out",
    value: rssMiB(),
    target: "",
  });
} finally {
  await stack.close();
}
printTable(rows);
