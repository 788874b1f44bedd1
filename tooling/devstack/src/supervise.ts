import type { ChildProcess } from "node:child_process";
import type { Managed } from "./process";

/** Time as the supervisor sees it; tests pass a fake one. */
export interface Timers {
  now(): number;
  /** Runs `fn` after `ms`; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

export interface RestartPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** A process that stayed up this long before it exited starts the backoff over. */
  stableAfterMs: number;
  /** This many exits within `crashWindowMs` is a crash loop: the supervisor gives up. */
  crashLimit: number;
  crashWindowMs: number;
}

export const defaultRestartPolicy: RestartPolicy = {
  firstDelayMs: 1_000,
  maxDelayMs: 30_000,
  stableAfterMs: 30_000,
  crashLimit: 5,
  crashWindowMs: 60_000,
};

export type Supervised = Pick<Managed, "exited" | "stop"> & { child: Pick<ChildProcess, "signalCode"> };

export interface SuperviseOptions {
  name: string;
  start: () => Supervised;
  log: (message: string) => void;
  /** Called once, on a crash loop, after which the process stays down. */
  onGiveUp: (message: string) => void;
  timers?: Timers;
  policy?: Partial<RestartPolicy>;
}

export interface Supervisor {
  /** Stops the process (or its pending restart) for good. */
  stop(graceMs?: number): Promise<void>;
}

const describeExit = (code: number | null, signal: NodeJS.Signals | null) =>
  signal ? `signal ${signal}` : `code ${code}`;

/** Keeps a process running: restarts it with exponential backoff whenever it exits unasked. */
export function supervise(options: SuperviseOptions): Supervisor {
  const { name, timers = realTimers } = options;
  const policy = { ...defaultRestartPolicy, ...options.policy };
  let crashes: number[] = [];
  let restarts = 0;
  let current: Supervised | undefined;
  let cancelRestart: (() => void) | undefined;
  let stopped = false;

  const onExit = (exit: string, upMs: number) => {
    const now = timers.now();
    crashes = [...crashes.filter((at) => at > now - policy.crashWindowMs), now];
    if (crashes.length >= policy.crashLimit) {
      stopped = true;
      options.onGiveUp(
        `${name} crashed ${crashes.length} times within ${policy.crashWindowMs / 1000} s (last exit: ${exit}); not restarting it`,
      );
      return;
    }
    if (upMs >= policy.stableAfterMs) restarts = 0;
    const delay = Math.min(policy.firstDelayMs * 2 ** restarts++, policy.maxDelayMs);
    options.log(`${name} exited (${exit}); restarting in ${delay / 1000} s`);
    cancelRestart = timers.after(delay, start);
  };

  function start() {
    const proc = options.start();
    const startedAt = timers.now();
    current = proc;
    void proc.exited.then((code) => {
      const exit = describeExit(code, proc.child.signalCode);
      // What the process started (next dev forks its server) would hold the port the restart needs.
      void proc.stop(0);
      if (!stopped) onExit(exit, timers.now() - startedAt);
    });
  }

  start();
  return {
    async stop(graceMs) {
      stopped = true;
      cancelRestart?.();
      await current?.stop(graceMs);
    },
  };
}
