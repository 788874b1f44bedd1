// The parts the scale-out bench's phases share: the webhook workflow, who is measured, and how CPU reads.
import { availableParallelism } from "node:os";
import type { cpuDuring, ProcessGroups } from "./cpu";
import { webhookFlow, type FullStack } from "./http-stack";
import type { BenchStack } from "./stack";

/** What each step's outside API takes to answer. */
const STEP_DELAY_MS = 50;
/** Clients of the webhook load, each sending its next webhook once its last run ended. */
export const WEBHOOK_CLIENTS = 24;

export type RowOf = (metric: string, value: string, target?: string) => void;

export type Cpu = Awaited<ReturnType<typeof cpuDuring>>;

/** Two parallel HTTP steps and a join, each a POST to its own path under `base` on the bench's sink. */
export async function joinFlow(stack: BenchStack, full: FullStack, base: string) {
  const paths = ["a", "b", "join"].map((id) => `${base}/${id}`);
  for (const p of paths) stack.sink.on(p, { delayMs: STEP_DELAY_MS });
  const post = (p: string) => ({ url: `${stack.sink.url}${p}`, method: "POST" });
  const hook = await webhookFlow(stack, full, [
    { id: "a", uses: "http.request", with: post(paths[0]!) },
    { id: "b", uses: "http.request", with: post(paths[1]!) },
    { id: "join", uses: "http.request", needs: ["a", "b"], with: post(paths[2]!) },
  ]);
  return { hook, paths };
}

/** Each worker on its own, beside web, Temporal and the bench database's PostgreSQL backends. */
export function scaleGroups(full: FullStack): ProcessGroups {
  const { web, temporal, postgres } = full.groups;
  const workers = full.workers.map((w, i) => [`worker ${i + 1}`, async () => [w.pid]] as const);
  return { web: web!, ...Object.fromEntries(workers), temporal: temporal!, postgres: postgres! };
}

const pct = (ms: number, seconds: number) => ((ms / (seconds * 1000)) * 100).toFixed(0);

/** Each process's CPU as % of one core; the machine's busy share, and these processes' part of it. */
export function busy(cpu: Cpu, seconds: number): string {
  const of = (name: string) => pct(cpu.byGroup[name]!, seconds);
  const workers = Object.keys(cpu.byGroup).filter((k) => k.startsWith("worker "));
  const cores = availableParallelism();
  const ofMachine = (ms: number) => ((ms / (seconds * 1000 * cores)) * 100).toFixed(0);
  // What the stack and the bench used of the machine, beside its whole busy time (other processes too).
  const ours = Object.values(cpu.byGroup).reduce((a, b) => a + b, cpu.benchProcessMs);
  return (
    `web ${of("web")} · workers ${workers.map(of).join("+")} · Temporal ${of("temporal")} · ` +
    `PostgreSQL ${of("postgres")} · bench ${pct(cpu.benchProcessMs, seconds)} · ` +
    `machine busy ${ofMachine(cpu.machineMs)} % of ${cores} cores (these processes ${ofMachine(ours)} %)`
  );
}

export const workerMs = (cpu: Cpu) =>
  Object.entries(cpu.byGroup).reduce((sum, [k, v]) => (k.startsWith("worker ") ? sum + v : sum), 0);
