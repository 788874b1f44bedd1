// One of 4 workers killed with SIGKILL under the webhook load: runs ended per second before, just
// after and well after the kill, and what the kill must not cost: a run, or a step's effect.
import { setTimeout as sleep } from "node:timers/promises";
import type { FullStack } from "./http-stack";
import { joinFlow, WEBHOOK_CLIENTS, type RowOf } from "./scale-parts";
import { runOutcomes, webhookStream } from "./scale-load";
import type { BenchStack } from "./stack";

const BEFORE_S = 20;
/** Long enough for a killed step's heartbeat timeout (15 s) and its retry. */
const DURING_S = 20;
const AFTER_S = 20;
/** The first seconds of the load are its ramp, not its rate. */
const RAMP_S = 5;
const BUCKET_S = 5;

const dbNow = async (stack: BenchStack) =>
  (await stack.db.$queryRaw<{ now: Date }[]>`select clock_timestamp() as now`)[0]!.now.getTime();

/** Runs ended per second in [from, to), from each run's end as the database stamped it. */
const rate = (ends: number[], from: number, to: number) =>
  ends.filter((t) => t >= from && t < to).length / ((to - from) / 1000);

/** Runs ended per BUCKET_S-second bucket from `start`, a bar before the bucket the kill fell in. */
function series(ends: number[], start: number, killedAt: number): string {
  const last = Math.max(...ends);
  const out: string[] = [];
  for (let from = start; from <= last; from += BUCKET_S * 1000) {
    if (killedAt >= from && killedAt < from + BUCKET_S * 1000) out.push("|");
    out.push(rate(ends, from, from + BUCKET_S * 1000).toFixed(0));
  }
  return out.join(" ");
}

/** Each step's distinct idempotency keys (its effects), and the calls that repeated a key. */
function effects(stack: BenchStack, paths: string[]) {
  const keys = paths.map((p) => stack.sink.effects(p));
  const redelivered = paths.reduce((n, p, i) => n + stack.sink.calls(p).length - keys[i]!, 0);
  return { keys, redelivered };
}

export async function killOneOfFour(stack: BenchStack, full: FullStack, row: RowOf): Promise<void> {
  const { hook, paths } = await joinFlow(stack, full, "/scale/kill");
  const victim = full.workers[1]!;
  const start = await dbNow(stack);
  let killedAt = 0;
  const stream = await webhookStream(full, hook, {
    concurrency: WEBHOOK_CLIENTS,
    seconds: BEFORE_S + DURING_S + AFTER_S,
    during: async () => {
      await sleep(BEFORE_S * 1000);
      killedAt = await dbNow(stack);
      // The whole process group, as the kernel's OOM killer or a lost node would take it: no goodbye.
      process.kill(-victim.pid, "SIGKILL");
    },
  });
  const runs = await stack.db.run.findMany({
    where: { workflowId: hook.workflowId },
    select: { createdAt: true, endedAt: true },
  });
  const ends = runs.flatMap((r) => (r.endedAt ? [r.endedAt.getTime()] : []));
  const outcome = await runOutcomes(stack.db, hook.workflowId);
  const { keys, redelivered } = effects(stack, paths);
  const slowest = Math.max(...runs.map((r) => (r.endedAt ? r.endedAt.getTime() - r.createdAt.getTime() : Infinity)));
  const name = `SIGKILL of 1 of 4 workers after ${BEFORE_S} s of webhooks (${WEBHOOK_CLIENTS} clients)`;
  const afterKill = killedAt + DURING_S * 1000;
  row(
    `${name}: runs/s before (past the first ${RAMP_S} s, the ramp) / in the ${DURING_S} s after the kill / the ${AFTER_S} s after that`,
    [
      rate(ends, start + RAMP_S * 1000, killedAt),
      rate(ends, killedAt, afterKill),
      rate(ends, afterKill, afterKill + AFTER_S * 1000),
    ]
      .map((r) => r.toFixed(1))
      .join(" / "),
    "a dip, then back",
  );
  row(`${name}: runs/s in each ${BUCKET_S} s (| = the kill; the first is the ramp)`, series(ends, start, killedAt));
  row(
    `${name}: accepted / created / succeeded (lost)`,
    `${stream.accepted} / ${outcome.created} / ${outcome.succeeded} (${stream.accepted - outcome.succeeded})`,
    "all equal, lost 0",
  );
  row(
    // One key per run and step (idempotencyKey(runId, stepId)): a step done again under it is one effect.
    `${name}: effects (distinct idempotency keys) a / b / join`,
    `${keys.join(" / ")} of ${outcome.created} runs`,
    "each = runs",
  );
  row(`${name}: calls delivered again under the same key (one effect each)`, String(redelivered));
  row(
    `${name}: slowest run · last run ended, after the kill`,
    `${(slowest / 1000).toFixed(1)} s · ${((Math.max(...ends) - killedAt) / 1000).toFixed(1)} s`,
  );
}
