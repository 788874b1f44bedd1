// Where a CPU profile's time went: `npx tsx bench/src/profile-summary.ts <file.cpuprofile>…` prints
// the top functions by self time, and the time by package (node_modules/<name>, node:internal,
// our own packages), for the profiles `npm run bench -- http --cpu-prof` writes.
import { readFile } from "node:fs/promises";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package a script belongs to: `next`, `@prisma/client`, `node:internal`, `switchyard:workflows`. */
export function packageOf(url: string): string {
  if (!url) return "(native/vm)";
  if (url.startsWith("node:")) return "node:internal";
  // The last node_modules/<pkg> in the path is the package the code is in.
  const modules = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  if (modules.length) return modules.at(-1)![1]!;
  const ours = /\/(web|workflows|connectors|prisma|tooling\/devstack|bench|cli)\//.exec(url);
  return ours ? `switchyard:${ours[1]}` : url;
}

function summarize(profile: Profile, top = 15) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = functionName || "(anonymous)";
    const where = url ? `${url.replace(/^.*node_modules\//, "")}:${lineNumber + 1}` : "";
    add(byFunction, where ? `${name} ${where}` : name, ms);
    add(
      byPackage,
      name === "(idle)" || name === "(program)" || name === "(garbage collector)" ? name : packageOf(url),
      ms,
    );
  }
  const pct = (ms: number) => `${((100 * ms) / total).toFixed(1).padStart(5)}%`;
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, ms]) => `  ${pct(ms)}  ${k}`)
      .join("\n");
  return `total ${(total / 1000).toFixed(1)} s sampled\nby package:\n${list(byPackage)}\nby function (self):\n${list(byFunction)}`;
}

for (const file of process.argv.slice(2)) {
  console.log(`== ${file}`);
  console.log(summarize(JSON.parse(await readFile(file, "utf8")) as Profile));
}
