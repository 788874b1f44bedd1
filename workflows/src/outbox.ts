import type { Db } from "@switchyard/db";
import type { Logger } from "@switchyard/connectors";
import {
  classifyStartError,
  startErrorMessage,
  startRun,
  type EngineClient,
  type StartErrorKind,
  type StartRunArgs,
} from "./client";
import { startInputOf, storedRunSelect } from "./runs";
import { repeat } from "./repeat";

/**
 * Hands a stored run to Temporal and marks it dispatched, unless its workflow already has
 * (beginRun). Safe to repeat. Hand-written SQL: it follows every webhook, and Prisma's query
 * compilation took twice the CPU of the statement itself.
 */
export async function dispatchRun(db: Db, engine: EngineClient, args: StartRunArgs): Promise<void> {
  await startRun(engine, args);
  await db.$executeRaw`UPDATE "Run" SET "dispatchedAt" = ${new Date()} WHERE id = ${args.runId} AND "dispatchedAt" IS NULL`;
}

/** How long a run whose start keeps failing is retried before it ends `failed_to_start`. */
export interface StartRetryPolicy {
  /** Failed attempts after which the run is given up; only failures that may be the run's own count (see StartErrorKind). */
  maxAttempts: number;
  /** Wait after the first failed attempt; it doubles with each further one. */
  initialDelayMs: number;
  maxDelayMs: number;
}

/** About 21 minutes of attempts: 10 s, 20 s, … 640 s apart. */
export const DEFAULT_START_RETRY: StartRetryPolicy = {
  maxAttempts: 8,
  initialDelayMs: 10_000,
  maxDelayMs: 15 * 60_000,
};

export interface StartFailureOptions {
  retry?: Partial<StartRetryPolicy>;
  now?: () => Date;
  /** Called with the alert raised for a run given up (the worker emails it); reports its own failures, never throws. */
  notify?: (alertId: string) => Promise<void>;
}

/**
 * What a failed start means for the run: `unavailable` (Temporal starts no
 * run now, unreachable or refusing every start: no run is at fault, so nothing
 * is counted and the run waits), `retrying` (counted, tried again after a
 * backoff) or `failed_to_start` (refused, or out of attempts).
 */
export type StartFailureOutcome = "unavailable" | "retrying" | "failed_to_start";

/**
 * Records a failed start of a queued run (`attempts` failed before this one)
 * and decides what happens next; see StartFailureOutcome. A run given up ends
 * `failed_to_start` with a `run_failed_to_start` alert. A refusal that names
 * no run is left to the relay, which can tell whether other runs get through.
 */
export async function recordStartFailure(
  db: Db,
  run: { id: string; dispatchAttempts: number },
  err: unknown,
  options: StartFailureOptions = {},
): Promise<StartFailureOutcome> {
  return record(db, run, classifyStartError(err), startErrorMessage(err), options);
}

async function record(
  db: Db,
  run: { id: string; dispatchAttempts: number },
  kind: StartErrorKind,
  error: string,
  options: StartFailureOptions,
): Promise<StartFailureOutcome> {
  if (kind !== "refused" && kind !== "error") return "unavailable";
  const policy = { ...DEFAULT_START_RETRY, ...options.retry };
  const now = options.now?.() ?? new Date();
  const attempts = run.dispatchAttempts + 1;
  // Only a queued, undispatched run is touched: a cancel or a successful start by someone else wins.
  const pending = { id: run.id, status: "queued" as const, dispatchedAt: null };

  if (kind === "error" && attempts < policy.maxAttempts) {
    const delay = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempts - 1));
    await db.run.updateMany({
      where: pending,
      data: { dispatchAttempts: attempts, dispatchError: error, nextDispatchAt: new Date(now.getTime() + delay) },
    });
    return "retrying";
  }

  const alertId = await db.$transaction(async (tx) => {
    const given = await tx.run.updateMany({
      where: pending,
      data: {
        status: "failed_to_start",
        endedAt: now,
        dispatchAttempts: attempts,
        dispatchError: error,
        nextDispatchAt: null,
      },
    });
    if (!given.count) return undefined;
    const { workspaceId, workflow } = await tx.run.findUniqueOrThrow({
      where: { id: run.id },
      select: { workspaceId: true, workflow: { select: { slug: true, name: true } } },
    });
    const why = kind === "refused" ? "Temporal refused to start it" : `Temporal failed to start it ${attempts} times`;
    const alert = await tx.alert.create({
      select: { id: true },
      data: {
        workspaceId,
        runId: run.id,
        kind: "run_failed_to_start",
        title: `${workflow.name}: run could not start`,
        message: `Run ${run.id} was accepted, but ${why}: ${error}. It will not be retried; re-run it once the cause is fixed.`,
        details: { workflow: workflow.slug, attempts, refused: kind === "refused", error },
      },
    });
    return alert.id;
  });
  if (alertId) await options.notify?.(alertId);
  return "failed_to_start";
}

export interface RelayOptions extends StartFailureOptions {
  /** Runs younger than this are left to the request that created them. */
  graceMs: number;
  batchSize: number;
}

export interface RelayReport {
  started: number;
  /** Runs whose start failed this time, and what became of them. */
  failures: { runId: string; outcome: StartFailureOutcome; error: string }[];
}

/**
 * One pass over the outbox backlog: runs whose creator could not start them,
 * oldest first, skipping those waiting out a backoff. A run that fails only
 * affects itself. Temporal refusing every start (credentials, namespace,
 * configuration) counts against no run, and an unreachable Temporal ends the
 * pass, as every later start would wait out the same failure.
 */
export async function relayOnce(db: Db, engine: EngineClient, options: RelayOptions): Promise<RelayReport> {
  const now = options.now?.() ?? new Date();
  const pending = await db.run.findMany({
    where: {
      dispatchedAt: null,
      status: "queued",
      createdAt: { lt: new Date(now.getTime() - options.graceMs) },
      OR: [{ nextDispatchAt: null }, { nextDispatchAt: { lte: now } }],
    },
    orderBy: { createdAt: "asc" },
    take: options.batchSize,
    select: { ...storedRunSelect, dispatchAttempts: true },
  });
  const report: RelayReport = { started: 0, failures: [] };
  const unattributed: { run: (typeof pending)[number]; error: string; startedBefore: number }[] = [];
  for (const run of pending) {
    try {
      await dispatchRun(db, engine, startInputOf(run));
      report.started++;
    } catch (err) {
      const kind = classifyStartError(err);
      const error = startErrorMessage(err);
      if (kind === "unattributed") {
        unattributed.push({ run, error, startedBefore: report.started });
        continue;
      }
      report.failures.push({ runId: run.id, outcome: await record(db, run, kind, error, options), error });
      if (kind === "unreachable") break;
    }
  }
  for (const { run, error, startedBefore } of unattributed) {
    // A run started after it: Temporal takes this configuration, so what it refused was this run's own.
    const kind = report.started > startedBefore ? "refused" : "unattributed";
    report.failures.push({ runId: run.id, outcome: await record(db, run, kind, error, options), error });
  }
  return report;
}

/** While Temporal starts no run (unreachable, or refusing every start), passes back off up to this wait. */
const MAX_OUTAGE_WAIT_MS = 60_000;

export function startRelay(
  db: Db,
  engine: EngineClient,
  logger: Logger,
  options: RelayOptions & { intervalMs: number },
): () => Promise<void> {
  let outages = 0;
  const tick = async () => {
    try {
      const { started, failures } = await relayOnce(db, engine, options);
      if (started) logger.info("relay dispatched queued runs", { count: started });
      for (const f of failures) {
        if (f.outcome === "failed_to_start") logger.error("relay: run given up as failed_to_start", { ...f });
        else if (f.outcome === "retrying") logger.warn("relay: run did not start; will retry", { ...f });
      }
      const waiting = failures.filter((f) => f.outcome === "unavailable");
      // No run is at fault, so no run's alert will say it: the operator has to hear it here.
      if (waiting.length)
        logger.error(
          "relay: Temporal is unreachable or refuses every start; queued runs wait, and nothing is counted against them",
          { runs: waiting.length, error: waiting[0]!.error },
        );
      outages = waiting.length && !started ? outages + 1 : 0;
    } catch (err) {
      logger.error("relay failed; will retry", { error: err instanceof Error ? err.message : String(err) });
    }
    return outages
      ? Math.min(options.intervalMs * 2 ** outages, Math.max(options.intervalMs, MAX_OUTAGE_WAIT_MS))
      : options.intervalMs;
  };
  return repeat(options.intervalMs, tick);
}
