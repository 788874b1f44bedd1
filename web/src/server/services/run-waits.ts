// Waiting for a run to finish without polling: each web process listens once on the channel the
// database announces finished runs on (migration run_finished_notify), and wakes the requests
// waiting for that run. A wait holds no database connection; it costs a timer and a map entry,
// bounded per workspace so no tenant can fill a process with them.
import type { ChannelListener, Db } from "@switchyard/db";
import { z } from "zod";
import { isRunFinished } from "~/lib/runs/status";
import { ApiError } from "~/server/http/errors";
import { getRun, type RunView } from "./runs";

export const RUN_FINISHED_CHANNEL = "switchyard_run_finished";

/** The longest a request may wait: under common proxy idle timeouts (60 s). */
export const MAX_WAIT_MS = 55_000;

export interface RunWaitLimits {
  perWorkspace: number;
}

export interface RunWatch {
  /** The next announcement of this run (or of lost notifications): armed when called, so read the run after. */
  next(): Promise<void>;
  stop(): void;
}

export interface RunWaits {
  /** Starts listening for `runId`; read the run only after, so a finish in between is not missed. */
  watch(workspaceId: string, runId: string): Promise<RunWatch>;
}

export function createRunWaits(listener: ChannelListener, limits: RunWaitLimits = { perWorkspace: 200 }): RunWaits {
  const wakers = new Map<string, Set<() => void>>();
  const perWorkspace = new Map<string, number>();
  let subscribed: Promise<unknown> | undefined;
  const wakeAll = () => {
    for (const set of wakers.values()) for (const wake of set) wake();
  };
  const subscribe = () =>
    (subscribed ??= listener
      .subscribe({ onNotify: (runId) => wakers.get(runId)?.forEach((wake) => wake()), onGap: wakeAll })
      .catch((err: unknown) => {
        subscribed = undefined;
        throw err;
      }));

  return {
    async watch(workspaceId, runId) {
      const count = perWorkspace.get(workspaceId) ?? 0;
      if (count >= limits.perWorkspace)
        throw new ApiError(
          429,
          "too_many_waits",
          `This workspace already has ${count} requests waiting for runs; wait for fewer at once, or read without ?wait.`,
        );
      // Counted before the first await, so waits that arrive together cannot all pass the check.
      perWorkspace.set(workspaceId, count + 1);
      const release = () => {
        const left = (perWorkspace.get(workspaceId) ?? 1) - 1;
        if (left) perWorkspace.set(workspaceId, left);
        else perWorkspace.delete(workspaceId);
      };
      await subscribe().catch((err: unknown) => {
        release();
        throw err;
      });
      let wake = () => {};
      let stopped = false;
      // The run's set is looked up at each use: another wait on the run may have ended (and
      // dropped an empty set) between this one's calls.
      const setOf = () => wakers.get(runId) ?? wakers.set(runId, new Set()).get(runId)!;
      const unregister = () => {
        const set = wakers.get(runId);
        set?.delete(wake);
        if (set && !set.size) wakers.delete(runId);
      };
      return {
        next() {
          unregister();
          const woken = new Promise<void>((resolve) => (wake = resolve));
          setOf().add(wake);
          return woken;
        },
        stop() {
          if (stopped) return;
          stopped = true;
          unregister();
          release();
        },
      };
    },
  };
}

/**
 * The run once it has finished, or as it stands when `ms` are up or the caller went away. A wake
 * that is not its finish (notifications lost while reconnecting) only makes it look again.
 */
export async function getRunWaiting(
  db: Db,
  waits: RunWaits,
  at: { workspaceId: string; runId: string },
  ms: number,
  signal?: AbortSignal,
): Promise<RunView> {
  if (!ms) return getRun(db, at.workspaceId, at.runId);
  const deadline = Date.now() + ms;
  const watch = await waits.watch(at.workspaceId, at.runId).catch((err: unknown) => {
    if (err instanceof ApiError) throw err;
    // No LISTEN connection (the database is away, or a pooler refuses it): the run as it stands,
    // or the database's own 503 from reading it.
    return undefined;
  });
  if (!watch) return getRun(db, at.workspaceId, at.runId);
  try {
    for (;;) {
      const woken = watch.next();
      const run = await getRun(db, at.workspaceId, at.runId);
      const left = deadline - Date.now();
      if (isRunFinished(run.status) || left <= 0 || signal?.aborted) return run;
      await firstOf(woken, left, signal);
    }
  } finally {
    watch.stop();
  }
}

/** Resolves at the first of: woken, `ms` passed, the caller gone. */
export function firstOf(woken: Promise<void>, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    void woken.then(done);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}

const DURATION = /^(\d{1,6})(ms|s)?$/;

/** `?wait=30s` (also `500ms`, or plain seconds): how long to wait, at most MAX_WAIT_MS; absent means do not wait. */
export const waitQuery = z.object({
  wait: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const m = DURATION.exec(value);
      const ms = m ? Number(m[1]) * (m[2] === "ms" ? 1 : 1_000) : NaN;
      if (ms <= MAX_WAIT_MS) return ms;
      ctx.addIssue({ code: "custom", message: `wait must be a duration of at most ${MAX_WAIT_MS / 1_000}s, like 30s` });
      return z.NEVER;
    }),
});
