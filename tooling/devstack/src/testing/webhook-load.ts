// A steady stream of webhooks through an outage, for the whole-stack fault tests: what each
// request got back, whether every accepted run ended as its steps earned, and the figures.
import type { Db } from "@switchyard/db";
import { connectEngine, startRelay } from "@switchyard/workflows/worker";
import { expect } from "vitest";
import { startSink, type Sink } from "../sink";
import { seedWorkflow } from "./fixtures";
import type { Restartable } from "./restartable";
import { startNextServer } from "./next";
import { startTestWorker, testTemporalConfig, uniqueTaskQueue } from "./temporal";

/** Two parallel calls to the fake API and a join, each effect keyed by its run and step. */
export const parallelJoinWorkflow = (sinkUrl: string) => ({
  name: "Parallel and join",
  // The stream is the load: the trigger's own rate limit must not answer any of it.
  trigger: { type: "webhook", rateLimit: { perSecond: 1000, burst: 1000 } },
  steps: [
    {
      id: "a",
      uses: "http.request",
      with: { url: `${sinkUrl}/a`, method: "POST", body: { n: "{{ trigger.body.n }}" } },
    },
    {
      id: "b",
      uses: "http.request",
      with: { url: `${sinkUrl}/b`, method: "POST", body: { n: "{{ trigger.body.n }}" } },
    },
    { id: "join", uses: "http.request", needs: ["a", "b"], with: { url: `${sinkUrl}/join`, method: "POST" } },
  ],
});
export const PARALLEL_JOIN_PATHS = ["/a", "/b", "/join"] as const;

export interface Answer {
  sentAt: number;
  answeredAt: number;
  /** The HTTP status, or 0: no answer within the deadline (a hang), or no connection. */
  status: number;
  retryAfter: string | null;
  runId?: string;
}

interface LoadPlan {
  hookUrl: string;
  perSecond: number;
  /** Each request's own deadline: a request still unanswered then counts as a hang. */
  deadlineMs: number;
  /** Load before the fault, while it lasts, and after it is over. */
  beforeMs: number;
  outageMs: number;
  afterMs: number;
  /** Takes the dependency down; resolves once it is down. */
  stop(): Promise<void>;
  /** Brings it back; resolves once it answers again. */
  start(): Promise<void>;
}

export interface LoadResult {
  answers: Answer[];
  /** From the moment `stop` was called to the moment `start` resolved (ms since the epoch). */
  outage: { from: number; to: number };
  /** From the moment `stop` resolved to the moment `start` was called: the dependency was surely down. */
  down: { from: number; to: number };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function send(hookUrl: string, n: number, deadlineMs: number): Promise<Answer> {
  const sentAt = Date.now();
  try {
    const res = await fetch(hookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ n }),
      signal: AbortSignal.timeout(deadlineMs),
    });
    const body = (await res.json().catch(() => ({}))) as { runId?: string };
    const { status, headers } = res;
    return { sentAt, answeredAt: Date.now(), status, retryAfter: headers.get("retry-after"), runId: body.runId };
  } catch {
    return { sentAt, answeredAt: Date.now(), status: 0, retryAfter: null };
  }
}

/**
 * Sends webhooks at a steady rate, whatever the answers (as outside senders do), while the
 * dependency is taken down for `outageMs` and brought back; resolves once every request is answered.
 */
async function webhooksThroughOutage(plan: LoadPlan): Promise<LoadResult> {
  const pending: Promise<Answer>[] = [];
  let sending = true;
  const stream = (async () => {
    for (let n = 0; sending; n++) {
      pending.push(send(plan.hookUrl, n, plan.deadlineMs));
      await sleep(1000 / plan.perSecond);
    }
  })();
  await sleep(plan.beforeMs);
  const outageFrom = Date.now();
  await plan.stop();
  const downFrom = Date.now();
  await sleep(plan.outageMs);
  const downTo = Date.now();
  await plan.start();
  const outageTo = Date.now();
  await sleep(plan.afterMs);
  sending = false;
  await stream;
  return {
    answers: await Promise.all(pending),
    outage: { from: outageFrom, to: outageTo },
    down: { from: downFrom, to: downTo },
  };
}

export const sentWithin = (answers: Answer[], window: { from: number; to: number }) =>
  answers.filter((a) => a.sentAt >= window.from && a.sentAt <= window.to);

/** Requests both sent and answered within `window`: on a loaded machine, one sent in it may be handled after. */
export const handledWithin = (answers: Answer[], window: { from: number; to: number }) =>
  answers.filter((a) => a.sentAt >= window.from && a.answeredAt <= window.to);

/** Answers counted by status ("0" is no answer). */
export const byStatus = (answers: Answer[]): Record<string, number> =>
  answers.reduce<Record<string, number>>((counts, a) => ({ ...counts, [a.status]: (counts[a.status] ?? 0) + 1 }), {});

export interface Settled {
  /** Accepted runs by their final status ("missing": no row). */
  runs: Record<string, number>;
  /** Accepted runs whose every step ended `succeeded`. */
  earned: number;
  /** Step rows of the accepted runs still saying `running`. */
  stepsRunning: number;
  /** When the last accepted run finished (ms since the epoch), or undefined if one never did. */
  lastEndedAt?: number;
}

const UNFINISHED = ["queued", "running"];

/** Waits (up to `timeoutMs`) for every accepted run to finish, then reads how each ended. */
export async function settleRuns(db: Db, runIds: string[], steps: number, stallMs = 60_000): Promise<Settled> {
  const read = () =>
    db.run.findMany({
      where: { id: { in: runIds } },
      select: { status: true, endedAt: true, steps: { select: { status: true } } },
    });
  // Waits for as long as the runs make progress: a loaded machine drains a backlog slowly, and only
  // a minute without a step or run ending says something is stuck (what is unfinished then counts as lost).
  const progress = (rows: Awaited<ReturnType<typeof read>>) =>
    rows.filter((r) => !UNFINISHED.includes(r.status)).length +
    rows.flatMap((r) => r.steps).filter((s) => s.status !== "running").length;
  let runs = await read();
  let [seen, movedAt] = [progress(runs), Date.now()];
  while (runs.some((r) => UNFINISHED.includes(r.status)) && Date.now() - movedAt < stallMs) {
    await sleep(500);
    runs = await read();
    if (progress(runs) !== seen) [seen, movedAt] = [progress(runs), Date.now()];
  }
  const counts: Record<string, number> = { missing: runIds.length - runs.length };
  for (const r of runs) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return {
    runs: counts,
    earned: runs.filter(
      (r) => r.status === "succeeded" && r.steps.length === steps && r.steps.every((s) => s.status === "succeeded"),
    ).length,
    stepsRunning: runs.flatMap((r) => r.steps).filter((s) => s.status === "running").length,
    lastEndedAt: runs.some((r) => UNFINISHED.includes(r.status))
      ? undefined
      : Math.max(...runs.map((r) => r.endedAt?.getTime() ?? 0)),
  };
}

export interface LoadFigures {
  sent: number;
  answers: Record<string, number>;
  duringOutage: { sent: number; answers: Record<string, number> };
  accepted: number;
  /** The accepted runs by final status. */
  runs: Record<string, number>;
  /** Accepted runs that ended `succeeded` with every step `succeeded`. */
  completed: number;
  lost: number;
  stepsRunning: number;
  /** Distinct effects per path of the fake API (by Idempotency-Key), and calls that repeated one. */
  effects: Record<string, number>;
  repeatedCalls: number;
  /** From the end of the outage until the last accepted run finished (undefined: one never did). */
  drainedMs?: number;
}

export function loadFigures(result: LoadResult, settled: Settled, sink: Sink, paths: readonly string[]): LoadFigures {
  const during = sentWithin(result.answers, result.outage);
  const accepted = result.answers.filter((a) => a.status === 202).length;
  return {
    sent: result.answers.length,
    answers: byStatus(result.answers),
    duringOutage: { sent: during.length, answers: byStatus(during) },
    accepted,
    runs: settled.runs,
    completed: settled.earned,
    // Accepted, and gone or never finished.
    lost: [...UNFINISHED, "missing"].reduce((n, status) => n + (settled.runs[status] ?? 0), 0),
    stepsRunning: settled.stepsRunning,
    effects: Object.fromEntries(paths.map((p) => [p, sink.effects(p)])),
    repeatedCalls: paths.reduce((n, p) => n + sink.calls(p).length - sink.effects(p), 0),
    drainedMs: settled.lastEndedAt && Math.max(0, settled.lastEndedAt - result.outage.to),
  };
}

/** One line, to be copied into the issue's note as it is. */
export const describeFigures = (label: string, result: LoadResult, f: LoadFigures) =>
  `[faults] ${label}: ${f.sent} webhooks; ${f.duringOutage.sent} sent during the ` +
  `${((result.outage.to - result.outage.from) / 1000).toFixed(1)} s outage, answered ${JSON.stringify(f.duringOutage.answers)}; ` +
  `all answers ${JSON.stringify(f.answers)}; accepted ${f.accepted}, completed ${f.completed} ${JSON.stringify(f.runs)}, lost ${f.lost}; ` +
  `steps left running ${f.stepsRunning}; effects ${JSON.stringify(f.effects)}, repeated calls (same key) ${f.repeatedCalls}; ` +
  `last run finished ${f.drainedMs === undefined ? "never" : `${(f.drainedMs / 1000).toFixed(1)} s`} after the outage`;

export interface LoadStack {
  hookUrl: string;
  sink: Sink;
  stop(): Promise<void>;
}

const quiet = { info() {}, warn() {}, error() {} };

/**
 * Web (the test Next server) and a worker with its outbox relay, as `npm start` runs them, on a
 * private task queue of `temporalAddress` (default: the shared dev server); the parallel-and-join
 * workflow seeded, its steps calling a fake API.
 */
export async function startLoadStack(o: { db: Db; databaseUrl: string; temporalAddress?: string }): Promise<LoadStack> {
  const shared = testTemporalConfig(uniqueTaskQueue("load"));
  const temporal = o.temporalAddress ? { ...shared, address: o.temporalAddress, namespace: "default" } : shared;
  const sink = await startSink();
  const [web, worker, engine] = await Promise.all([
    startNextServer({
      DATABASE_URL: o.databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: temporal.taskQueue,
    }),
    startTestWorker({ db: o.db, taskQueue: temporal.taskQueue, address: o.temporalAddress }),
    connectEngine(temporal),
  ]);
  const stopRelay = startRelay(o.db, engine, quiet, { intervalMs: 250, graceMs: 2_000, batchSize: 100 });
  const wf = await seedWorkflow(o.db, parallelJoinWorkflow(sink.url));
  return {
    hookUrl: `${web.url}/hooks/${wf.hookToken}`,
    sink,
    async stop() {
      await stopRelay();
      await Promise.all([web.stop(), worker.stop(), engine.close()]);
      await sink.close();
    },
  };
}

/** No accepted run lost; each ended `succeeded` because its steps did; each step's effect landed once. */
export function expectEveryAcceptedRunEarned(f: LoadFigures): void {
  expect(f.accepted).toBeGreaterThan(0);
  expect({ lost: f.lost, completed: f.completed, stepsRunning: f.stepsRunning, effects: f.effects }).toEqual({
    lost: 0,
    completed: f.accepted,
    stepsRunning: 0,
    effects: Object.fromEntries(PARALLEL_JOIN_PATHS.map((p) => [p, f.accepted])),
  });
}

export interface LoadOutcome {
  result: LoadResult;
  figures: LoadFigures;
  /** The runs web accepted (202), in order. */
  runIds: string[];
}

/**
 * The fault tests' load: 10 webhooks/s, `dependency` down for 5 s after the first 3 s, then 4 s
 * more; waits for the accepted runs to finish and prints the figures once, as one line.
 */
export async function loadThroughOutage(
  label: string,
  stack: LoadStack,
  db: Db,
  dependency: Pick<Restartable, "stop" | "start">,
): Promise<LoadOutcome> {
  const result = await webhooksThroughOutage({
    hookUrl: stack.hookUrl,
    perSecond: 10,
    // Web gives up on an unreachable database well within this (10 s connect timeout, at worst),
    // and never waits for Temporal.
    deadlineMs: 20_000,
    beforeMs: 3_000,
    outageMs: 5_000,
    afterMs: 4_000,
    stop: dependency.stop,
    start: dependency.start,
  });
  const runIds = result.answers.flatMap((a) => (a.status === 202 ? [a.runId!] : []));
  const figures = loadFigures(result, await settleRuns(db, runIds, 3), stack.sink, PARALLEL_JOIN_PATHS);
  console.info(describeFigures(label, result, figures));
  return { result, figures, runIds };
}
