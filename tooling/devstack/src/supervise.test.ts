// The supervisor `npm run dev` puts around worker and web, on a fake clock:
// restarts with exponential backoff, a reset after a stable run, and giving up
// on a crash loop.
import { afterEach, describe, expect, it } from "vitest";
import { spawnManaged } from "./process";
import { supervise, type Supervised, type Supervisor, type Timers } from "./supervise";

class FakeTimers implements Timers {
  time = 0;
  readonly delays: number[] = [];
  private pending: { at: number; fn: () => void }[] = [];
  now = () => this.time;
  after = (ms: number, fn: () => void) => {
    const timer = { at: this.time + ms, fn };
    this.delays.push(ms);
    this.pending.push(timer);
    return () => void (this.pending = this.pending.filter((t) => t !== timer));
  };
  get waiting(): number {
    return this.pending.length;
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.pending.filter((t) => t.at <= this.time);
    this.pending = this.pending.filter((t) => t.at > this.time);
    for (const timer of due) timer.fn();
  }
}

class FakeProcess implements Supervised {
  child = { signalCode: null as NodeJS.Signals | null };
  stopped = false;
  private exit!: (code: number | null) => void;
  exited = new Promise<number | null>((resolve) => (this.exit = resolve));
  async stop() {
    this.stopped = true;
    this.crash(null, "SIGTERM");
    await this.exited;
  }
  crash(code: number | null, signal: NodeJS.Signals | null = null): void {
    this.child.signalCode = signal;
    this.exit(code);
  }
}

/** Records what `start` hands the supervisor. */
function recorder<T>(make: () => T): { all: T[]; start: () => T } {
  const all: T[] = [];
  return {
    all,
    start: () => {
      const made = make();
      all.push(made);
      return made;
    },
  };
}

/** Lets the supervisor see an exit (its handler runs on a later tick). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

let supervisor: Supervisor | undefined;
afterEach(() => supervisor?.stop(1_000));

function setUp(policy = {}) {
  const timers = new FakeTimers();
  const { all: procs, start } = recorder(() => new FakeProcess());
  const logs: string[] = [];
  const giveUps: string[] = [];
  supervisor = supervise({
    name: "worker",
    start,
    log: (m) => logs.push(m),
    onGiveUp: (m) => giveUps.push(m),
    timers,
    policy,
  });
  const crashLatest = async (code: number | null = 1, signal: NodeJS.Signals | null = null) => {
    procs.at(-1)!.crash(code, signal);
    await settle();
  };
  /** The latest process crashes at once, and its restart is let through. */
  const crashAndRestart = async () => {
    await crashLatest();
    timers.advance(timers.delays.at(-1)!);
  };
  return { timers, procs, logs, giveUps, crashLatest, crashAndRestart };
}

describe("supervise", () => {
  it("restarts a process that exits unasked, after the first delay", async () => {
    const { timers, procs, logs, crashLatest } = setUp();
    expect(procs).toHaveLength(1);
    await crashLatest(1);
    expect(logs).toEqual(["worker exited (code 1); restarting in 1 s"]);
    timers.advance(999);
    expect(procs).toHaveLength(1);
    timers.advance(1);
    expect(procs).toHaveLength(2);
  });

  it("doubles the delay on each crash, up to the cap", async () => {
    const { timers, crashAndRestart } = setUp({ crashLimit: 100 });
    for (let i = 0; i < 7; i++) await crashAndRestart();
    expect(timers.delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it("starts the backoff over after the process stayed up a while", async () => {
    const { timers, crashLatest, crashAndRestart } = setUp();
    await crashAndRestart();
    await crashAndRestart();
    timers.advance(30_000);
    await crashLatest();
    expect(timers.delays).toEqual([1_000, 2_000, 1_000]);
  });

  it("gives up on a crash loop, naming the process and its last exit", async () => {
    const { timers, procs, giveUps, crashLatest, crashAndRestart } = setUp();
    for (let i = 0; i < 4; i++) await crashAndRestart();
    expect(giveUps).toEqual([]);
    await crashLatest(null, "SIGSEGV");
    expect(giveUps).toEqual(["worker crashed 5 times within 60 s (last exit: signal SIGSEGV); not restarting it"]);
    expect(timers.waiting).toBe(0);
    expect(procs).toHaveLength(5);
  });

  it("does not count crashes that fell out of the window", async () => {
    const { timers, giveUps, crashLatest, crashAndRestart } = setUp({ stableAfterMs: 1_000_000 });
    for (let i = 0; i < 4; i++) await crashAndRestart();
    timers.advance(60_000);
    await crashLatest();
    expect(giveUps).toEqual([]);
    expect(timers.waiting).toBe(1);
  });

  it("stops the running process without restarting it", async () => {
    const { timers, procs } = setUp();
    await supervisor!.stop();
    await settle();
    expect(procs[0]?.stopped).toBe(true);
    expect(timers.waiting).toBe(0);
  });

  it("cancels a pending restart when stopped", async () => {
    const { timers, procs, crashLatest } = setUp();
    await crashLatest();
    await supervisor!.stop();
    timers.advance(60_000);
    expect(procs).toHaveLength(1);
  });

  it("restarts a real process that exits with code 1", async () => {
    const timers = new FakeTimers();
    const logs: string[] = [];
    const { all: procs, start } = recorder(() =>
      spawnManaged(process.execPath, ["-e", "process.exit(1)"], { stdio: "ignore" }),
    );
    supervisor = supervise({
      name: "crasher",
      start,
      log: (m) => logs.push(m),
      onGiveUp: () => {},
      timers,
    });
    expect(await procs[0]?.exited).toBe(1);
    await settle();
    expect(logs).toEqual(["crasher exited (code 1); restarting in 1 s"]);
    timers.advance(1_000);
    expect(procs).toHaveLength(2);
  });
});
