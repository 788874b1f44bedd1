import type { Db } from "@switchyard/db";
import type { Logger } from "@switchyard/connectors";
import type { StepDefinition } from "./definition/schema";
import { startRun, type EngineClient, type StartRunArgs } from "./client";

/** Hands a stored run to Temporal and marks it dispatched. Safe to repeat. */
export async function dispatchRun(db: Db, engine: EngineClient, args: StartRunArgs): Promise<void> {
  await startRun(engine, args);
  await db.run.update({ where: { id: args.runId }, data: { dispatchedAt: new Date() } });
}

export interface RelayOptions {
  /** Runs younger than this are left to the request that created them. */
  graceMs: number;
  batchSize: number;
}

/**
 * Starts runs whose creator could not reach Temporal (the outbox backlog).
 * Returns how many it dispatched.
 */
export async function relayPendingRuns(db: Db, engine: EngineClient, { graceMs, batchSize }: RelayOptions): Promise<number> {
  const pending = await db.run.findMany({
    where: { dispatchedAt: null, status: "queued", createdAt: { lt: new Date(Date.now() - graceMs) } },
    orderBy: { createdAt: "asc" },
    take: batchSize,
    select: { id: true, reuse: true, version: { select: { definition: true } }, event: { select: { payload: true } } },
  });
  for (const run of pending) {
    const { name, steps } = run.version.definition as { name: string; steps: StepDefinition[] };
    const reuse = (run.reuse ?? undefined) as Record<string, unknown> | undefined;
    await dispatchRun(db, engine, { runId: run.id, workflowName: name, steps, trigger: run.event?.payload ?? null, ...(reuse ? { reuse } : {}) });
  }
  return pending.length;
}

export function startRelay(db: Db, engine: EngineClient, logger: Logger, options: RelayOptions & { intervalMs: number }): () => Promise<void> {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    try {
      const n = await relayPendingRuns(db, engine, options);
      if (n) logger.info("relay dispatched queued runs", { count: n });
    } catch (err) {
      logger.error("relay failed; will retry", { error: err instanceof Error ? err.message : String(err) });
    }
  };
  const timer = setInterval(() => {
    if (!stopped) current = current.then(tick);
  }, options.intervalMs);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await current;
  };
}
