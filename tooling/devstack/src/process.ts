import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

export interface Managed {
  child: ChildProcess;
  /** The stop signal (SIGTERM to the whole process group unless spawned otherwise), SIGKILL to the group after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

/** How `stop` asks first. A server that stops its own processes (PostgreSQL) wants its signal alone. */
export interface StopSignal {
  signal: NodeJS.Signals;
  to: "group" | "leader";
}

/** Spawns a child in its own process group so stopping it stops its children too. */
export function spawnManaged(
  cmd: string,
  args: string[],
  options: SpawnOptions,
  stopWith: StopSignal = { signal: "SIGTERM", to: "group" },
): Managed {
  const child = spawn(cmd, args, { ...options, detached: true });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const signal = (sig: NodeJS.Signals, to: StopSignal["to"] = "group") => {
    try {
      if (child.pid) process.kill(to === "group" ? -child.pid : child.pid, sig);
    } catch {
      // already gone
    }
  };
  return {
    child,
    exited,
    async stop(graceMs = 5_000) {
      if (child.exitCode === null && child.signalCode === null) {
        signal(stopWith.signal, stopWith.to);
        const timer = setTimeout(() => signal("SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
      }
      // The leader is gone; nothing it started may outlive it (a server it forked keeps its port).
      // A server that stops its own processes (PostgreSQL) is left to do so.
      if (stopWith.to === "group") signal("SIGKILL");
    },
  };
}

/** Polls until `url` answers a status `accepts` takes (any, by default), or fails after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  isAlive: () => boolean = () => true,
  accepts: (status: number) => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isAlive()) throw new Error(`process serving ${url} exited before it answered`);
    const status = await fetch(url, { signal: AbortSignal.timeout(10_000) }).then(
      (res) => res.status,
      () => undefined,
    );
    if (status !== undefined && accepts(status)) return;
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer as expected within ${timeoutMs} ms (last: ${status ?? "no answer"})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
