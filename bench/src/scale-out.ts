// Issue 15's scale-out, measured: 1, 2 and 4 worker processes (workflows/src/main.ts, each its own
// process) against one Temporal dev server and one PostgreSQL, under the same fan-out and webhook
// loads, with each process's CPU, so the table shows where adding workers stops paying and why;
// what one run costs each part (for infra/README.md's sizing); then one of 4 workers killed with
// SIGKILL under load: the dip, and every run done, none lost, each effect once.
import { availableParallelism } from "node:os";
import { cpuDuring } from "./cpu";
import { startFullStack, type FullStack } from "./http-stack";
import { killOneOfFour } from "./scale-kill";
import { busy, joinFlow, scaleGroups, WEBHOOK_CLIENTS, workerMs, type Cpu, type RowOf } from "./scale-parts";
import { fanOutFlow, webhookStream } from "./scale-load";
import { historyPerRun, pgWritesDuring } from "./run-costs";
import type { BenchStack } from "./stack";
import type { Row } from "./stats";

const WORKER_COUNTS = [1, 2, 4];
const WEBHOOK_S = 20;
const FAN_OUT = { runs: 4, items: 1_000, concurrency: 20 };
/** Below the machine's ceiling, so a run's costs are its own, not a queue's. */
const COST_CLIENTS = 4;
const COST_S = 15;

/** The fan-out and webhook loads on the workers running now; returns their throughputs. */
async function loadsAt(stack: BenchStack, full: FullStack, fanOut: Awaited<ReturnType<typeof fanOutFlow>>, row: RowOf) {
  const n = full.workers.length;
  const label = `${n} worker${n > 1 ? "s" : ""}`;
  let f!: Awaited<ReturnType<typeof fanOut>>;
  const fCpu = await cpuDuring(scaleGroups(full), async () => void (f = await fanOut(FAN_OUT.runs, FAN_OUT.items)));
  const itemsPerS = (FAN_OUT.runs * FAN_OUT.items) / f.seconds;
  row(
    `fan-out, ${label}: ${FAN_OUT.runs} runs × ${FAN_OUT.items} items at once (concurrency ${FAN_OUT.concurrency} each)`,
    `${itemsPerS.toFixed(0)} items/s (${f.seconds.toFixed(1)} s)`,
  );
  row(`fan-out, ${label}: % of one core`, busy(fCpu, f.seconds));
  const { hook } = await joinFlow(stack, full, `/scale/w${n}`);
  let w!: Awaited<ReturnType<typeof webhookStream>>;
  const wCpu = await cpuDuring(
    scaleGroups(full),
    async () => void (w = await webhookStream(full, hook, { concurrency: WEBHOOK_CLIENTS, seconds: WEBHOOK_S })),
  );
  const runsPerS = w.accepted / w.seconds;
  row(
    `webhooks, ${label}: 2 parallel HTTP steps + join, ${WEBHOOK_CLIENTS} clients for ${WEBHOOK_S} s`,
    `${runsPerS.toFixed(1)} runs/s · ${(runsPerS * 3).toFixed(0)} steps/s (${w.accepted} runs)`,
  );
  row(`webhooks, ${label}: % of one core`, busy(wCpu, w.seconds));
  return { itemsPerS, runsPerS };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** One worker, light load: what a webhook run and a fan-out item cost each part. */
async function perRunCosts(
  stack: BenchStack,
  full: FullStack,
  fanOut: Awaited<ReturnType<typeof fanOutFlow>>,
  row: RowOf,
) {
  const { hook } = await joinFlow(stack, full, "/scale/cost");
  let cpu!: Cpu;
  let runs = 0;
  const pg = await pgWritesDuring(stack.db, async () => {
    cpu = await cpuDuring(scaleGroups(full), async () => {
      runs = (await webhookStream(full, hook, { concurrency: COST_CLIENTS, seconds: COST_S })).accepted;
    });
  });
  const ids = await stack.db.run.findMany({ where: { workflowId: hook.workflowId }, select: { id: true } });
  const history = await historyPerRun(
    full.engine,
    ids.map((r) => r.id),
  );
  const per = (ms: number) => (ms / runs).toFixed(1);
  const name = `per webhook run (3 steps; ${runs} runs, ${COST_CLIENTS} clients, 1 worker)`;
  row(`${name}: Temporal history`, `${history.events.toFixed(0)} events, ${kib(history.bytes)}`);
  row(
    `${name}: PostgreSQL rows written / table bytes / WAL (whole cluster)`,
    `${(pg.rows / runs).toFixed(1)} / ${kib(pg.tableBytes / runs)} / ${kib(pg.walBytes / runs)}`,
  );
  row(
    `${name}: CPU ms, worker (per step) / web / Temporal / PostgreSQL`,
    `${per(workerMs(cpu))} (${(workerMs(cpu) / runs / 3).toFixed(1)}) / ${per(cpu.byGroup.web!)} / ` +
      `${per(cpu.byGroup.temporal!)} / ${per(cpu.byGroup.postgres!)}`,
  );
  // Where adding workers stops paying: every process shares the machine's cores, one worker only its own.
  const stackMs = workerMs(cpu) + cpu.byGroup.web! + cpu.byGroup.temporal! + cpu.byGroup.postgres!;
  row(
    `${name}: most runs/s from CPU per run, the whole stack on ${availableParallelism()} cores · one worker on one core`,
    `${((availableParallelism() * 1000 * runs) / stackMs).toFixed(1)} · ${((1000 * runs) / workerMs(cpu)).toFixed(1)}`,
    "first below second: server, web and database are the ceiling",
  );
  let fan!: Awaited<ReturnType<typeof fanOut>>;
  let fCpu!: Cpu;
  const fPg = await pgWritesDuring(stack.db, async () => {
    fCpu = await cpuDuring(scaleGroups(full), async () => void (fan = await fanOut(1, FAN_OUT.items)));
  });
  const fHistory = await historyPerRun(full.engine, fan.runIds);
  const perItem = (v: number) => (v / FAN_OUT.items).toFixed(2);
  const fName = `per fan-out item (one run of ${FAN_OUT.items}, 1 worker)`;
  row(`${fName}: the run's Temporal history`, `${fHistory.events.toFixed(0)} events, ${kib(fHistory.bytes)}`);
  row(
    `${fName}: PostgreSQL rows written / table bytes / WAL (whole cluster)`,
    `${perItem(fPg.rows)} / ${perItem(fPg.tableBytes)} B / ${perItem(fPg.walBytes)} B`,
  );
  row(
    `${fName}: CPU ms, worker / Temporal / PostgreSQL`,
    `${perItem(workerMs(fCpu))} / ${perItem(fCpu.byGroup.temporal!)} / ${perItem(fCpu.byGroup.postgres!)}`,
  );
}

export async function scaleOutBench(stack: BenchStack): Promise<Row[]> {
  const rows: Row[] = [];
  const row: RowOf = (metric, value, target = "") =>
    rows.push({ benchmark: "scale-out (full stack)", metric, value, target });
  const full = await startFullStack(stack, undefined, undefined);
  try {
    const fanOut = await fanOutFlow(stack.db, full, `${stack.sink.url}/scale/item`, FAN_OUT.concurrency);
    const base: { itemsPerS?: number; runsPerS?: number } = {};
    for (const n of WORKER_COUNTS) {
      // Started together: each bundles its workflow code at start, which would otherwise add up.
      await Promise.all(Array.from({ length: n - full.workers.length }, () => full.addWorker()));
      const r = await loadsAt(stack, full, fanOut, row);
      if (n === 1) {
        Object.assign(base, r);
        await perRunCosts(stack, full, fanOut, row);
      } else
        row(
          `${n} workers / 1 worker: fan-out · webhooks`,
          `${(r.itemsPerS / base.itemsPerS!).toFixed(2)}× · ${(r.runsPerS / base.runsPerS!).toFixed(2)}×`,
          `${n}× while cores are free`,
        );
    }
    await killOneOfFour(stack, full, row);
  } finally {
    await full.stop();
  }
  return rows;
}
