// CPU time and memory from /proc (Linux): a process's, and the whole machine's busy time.
import { readFile } from "node:fs/promises";

/** Clock ticks per second (USER_HZ), 100 on Linux. */
const TICK_MS = 10;

export async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces, inside parentheses): utime is 14th, stime 15th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** Busy time of every core together (all but idle and iowait). */
export async function machineBusyMs(): Promise<number> {
  const [cpu] = (await readFile("/proc/stat", "utf8")).split("\n");
  const [, ...ticks] = cpu!.trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = ticks as number[];
  return (user! + nice! + system! + irq! + softirq! + steal!) * TICK_MS;
}

/** What a phase cost: this process (the worker and the client), the web process, and the machine. */
export async function cpuDuring(webPid: number | undefined, phase: () => Promise<void>) {
  const self0 = process.cpuUsage();
  const web0 = webPid ? await processCpuMs(webPid) : 0;
  const machine0 = await machineBusyMs();
  await phase();
  const self = process.cpuUsage(self0);
  return {
    benchProcessMs: (self.user + self.system) / 1000,
    webMs: webPid ? (await processCpuMs(webPid)) - web0 : NaN,
    machineMs: (await machineBusyMs()) - machine0,
  };
}

/** A process's resident memory, in MiB. */
export async function processRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
}
