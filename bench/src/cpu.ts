// CPU time and memory from /proc (Linux): processes', and the whole machine's busy time.
import { readdir, readFile } from "node:fs/promises";

/** Clock ticks per second (USER_HZ), 100 on Linux. */
const TICK_MS = 10;

async function processCpuMs(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces, inside parentheses): utime is 14th, stime 15th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined; // gone (a PostgreSQL backend that closed): what it used is no longer counted anywhere
  }
}

/** Busy time of every core together (all but idle and iowait). */
async function machineBusyMs(): Promise<number> {
  const [cpu] = (await readFile("/proc/stat", "utf8")).split("\n");
  const [, ...ticks] = cpu!.trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = ticks as number[];
  return (user! + nice! + system! + irq! + softirq! + steal!) * TICK_MS;
}

/** Pids whose command line contains every one of `parts` (e.g. PostgreSQL's backends, a Temporal server's port). */
export async function pidsMatching(...parts: string[]): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (parts.every((p) => cmdline.includes(p))) pids.push(Number(entry));
  }
  return pids;
}

/** A Temporal dev server's processes, by the address it listens on. */
export const temporalPids = (address: string) => () =>
  pidsMatching("start-dev", `\0${new URL(`http://${address}`).port}\0`);

/** The PostgreSQL backends serving one database (their titles name it), not the whole cluster. */
export const postgresPids = (databaseUrl: string) => () =>
  pidsMatching("postgres:", ` ${new URL(databaseUrl).pathname.slice(1)} `);

/** Who is measured: a name per group of processes, read again at the end (PostgreSQL backends come and go). */
export type ProcessGroups = Record<string, () => Promise<number[]>>;

const groupCpuMs = async (pids: () => Promise<number[]>) => {
  const all = await Promise.all((await pids()).map((pid) => processCpuMs(pid).then((ms) => [pid, ms] as const)));
  return new Map(all.filter((entry): entry is readonly [number, number] => entry[1] !== undefined));
};

/** What a phase cost each group of processes, this process, and the machine as a whole, in CPU milliseconds. */
export async function cpuDuring(groups: ProcessGroups, phase: () => Promise<void>) {
  const self0 = process.cpuUsage();
  const before = Object.fromEntries(
    await Promise.all(Object.entries(groups).map(async ([name, pids]) => [name, await groupCpuMs(pids)] as const)),
  );
  const machine0 = await machineBusyMs();
  await phase();
  const self = process.cpuUsage(self0);
  const machineMs = (await machineBusyMs()) - machine0;
  const byGroup: Record<string, number> = {};
  for (const [name, pids] of Object.entries(groups)) {
    let ms = 0;
    // A process that started during the phase counts from zero.
    for (const [pid, now] of await groupCpuMs(pids)) ms += now - (before[name]!.get(pid) ?? 0);
    byGroup[name] = ms;
  }
  return { byGroup, benchProcessMs: (self.user + self.system) / 1000, machineMs };
}

/** A process's resident memory, in MiB. */
export async function processRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
}
