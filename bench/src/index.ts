// `npm run bench`: measurements printed as a table. Not a test; nothing here asserts.
import { parallelBranches } from "./parallel-branches";
import { startBenchStack } from "./stack";
import { printTable, type Row } from "./stats";

const stack = await startBenchStack();
const rows: Row[] = [];
try {
  rows.push(...(await parallelBranches(stack)));
  const rss = process.memoryUsage().rss / 1024 / 1024;
  rows.push({ benchmark: "worker (in-process)", metric: "RSS after runs", value: `${rss.toFixed(0)} MiB`, target: "" });
} finally {
  await stack.close();
}
printTable(rows);
