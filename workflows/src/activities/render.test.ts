// The activity-side renderer: cheap renders in-thread, the rest in a worker thread
// under deterministic limits plus a wall-clock timeout, shared fairly between runs.
// No test here measures time: orders and counts only, and threads that never
// answer (stuck) where a render must still be running when something happens.
import { Worker } from "node:worker_threads";
import { describe, expect, it, vi } from "vitest";
import { LIMITS, type TemplateContext } from "../definition/template";
import {
  INLINE_UNITS,
  RenderBusyError,
  RenderCancelledError,
  RenderPool,
  renderBounded,
  renderInThread,
  spawnRenderThread,
  STRIKE_WINDOW_MS,
  STRIKES,
  ThreadPool,
} from "./render";

const ctx = (trigger: unknown = {}): TemplateContext => ({
  trigger,
  steps: {},
  workflow: { name: "w" },
  run: { id: "r", startedAt: "2020-01-01T00:00:00.000Z" },
});
/** Tail recursion: about nine units per turn, at no depth. */
const loop = (n: number) => `{{ ($f := function($n){ $n <= 0 ? 'done' : $f($n - 1) }; $f(${n})) }}`;

/** A thread that takes a render and never answers: only a timeout, a cancel or terminate() ends it. */
function spawnStuck(): Promise<Worker> {
  const w = new Worker(
    `const { parentPort } = require("node:worker_threads"); parentPort.on("message", () => { for (;;); }); parentPort.postMessage({ ready: true });`,
    { eval: true },
  );
  w.unref();
  return new Promise((resolve, reject) => {
    w.once("message", () => resolve(w));
    w.once("error", reject);
  });
}

let keys = 0;
/** A run of its own, so one test's limit strikes do not refuse another's renders. */
const run = () => ({ key: `run${++keys}` });
/** Polls until a render holds a thread; the timeout is a ceiling for a stuck test, not a speed check. */
const HELD = { timeout: 60_000, interval: 5 };
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("renderBounded", () => {
  it("renders cheap and expensive templates alike; only the limits make a difference", async () => {
    expect(await renderBounded({ a: "{{ trigger.x + 1 }}" }, ctx({ x: 1 }), run())).toEqual({ a: 2 });
    // Past the in-thread allowance, and past what the workflow sandbox would take: finished by a thread.
    const turns = Math.floor((INLINE_UNITS + LIMITS.templateUnits) / 9);
    expect(await renderBounded({ a: loop(turns) }, ctx(), run())).toEqual({ a: "done" });
    // A timeout no machine reaches, so only the deterministic budget can end it.
    await expect(renderBounded({ a: loop(1_000_000) }, ctx(), { ...run(), timeoutMs: 3_600_000 })).rejects.toThrow(
      `template exceeded its limits: evaluation steps (a step's templates off the event loop may take ${LIMITS.threadUnits})`,
    );
    await expect(
      renderBounded({ a: "{{ ($f := function($n){ $n <= 0 ? 0 : 1 + $f($n - 1) }; $f(1000000)) }}" }, ctx(), run()),
    ).rejects.toThrow("template exceeded its limits: depth");
  });

  it("the event loop keeps turning while a thread renders", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await expect(renderBounded({ a: loop(1_000_000) }, ctx(), run())).rejects.toThrow("template exceeded its limits");
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it("a thread past its time is stopped, and the next render gets a fresh one", async () => {
    const r = run();
    await expect(renderInThread({ a: loop(1_000_000) }, ctx(), { ...r, timeoutMs: 1 })).rejects.toThrow(
      "template exceeded its limits: time (still running after 0.001 s)",
    );
    expect(await renderInThread({ a: loop(10) }, ctx(), r)).toEqual({ a: "done" });
  });

  it("errors that are not limits come back as template errors", async () => {
    await expect(renderInThread({ a: "{{ $now() }}" }, ctx(), run())).rejects.toThrow(
      "$now() is not allowed in templates",
    );
    await expect(renderInThread({ a: "{{ function($x){ $x } }}" }, ctx(), run())).rejects.toThrow();
  });

  it("a heavy render of a cancelled activity does not take a thread; a cheap one still renders", async () => {
    const signal = AbortSignal.abort();
    await expect(renderBounded({ a: loop(1_000_000) }, ctx(), { ...run(), signal })).rejects.toBeInstanceOf(
      RenderCancelledError,
    );
    expect(await renderBounded({ a: "{{ 1 + 1 }}" }, ctx(), { ...run(), signal })).toEqual({ a: 2 });
  });
});

describe("sharing render threads between runs", () => {
  it("a run's single render is served before another run's queue of heavy renders drains", async () => {
    const pool = new RenderPool({ threads: 1 });
    const finished: string[] = [];
    const renders = Array.from({ length: 6 }, () =>
      pool.render({ a: loop(5_000) }, ctx(), { key: "A" }).then(() => finished.push("A")),
    );
    renders.push(pool.render({ a: loop(10) }, ctx(), { key: "B" }).then(() => finished.push("B")));
    await Promise.all(renders);
    // First come first served would finish B last; B gets the thread as soon as A's first render lets go of it.
    expect(finished).toEqual(["A", "B", "A", "A", "A", "A", "A"]);
  });

  it("a free thread goes to the waiting key that holds the fewest, round-robin among equals", async () => {
    let spawned = 0;
    const pool = new ThreadPool<number>({ threads: 2, spawn: async () => ++spawned, terminate: () => undefined });
    const grants: string[] = [];
    const held: Record<string, number[]> = { A: [], B: [], C: [] };
    const take = (key: string) => pool.acquire(key).then((t) => (grants.push(key), held[key]!.push(t)));
    // Alone, A may take every thread.
    await Promise.all([take("A"), take("A")]);
    for (const key of ["A", "A", "A", "B", "C"]) void take(key);
    await settle();
    expect(pool.stats()).toMatchObject({ threads: 2, busy: 2, waiting: 5 });

    pool.release(held.A!.shift()!, "A");
    await settle();
    pool.release(held.A!.shift()!, "A");
    await settle();
    // B and C, who held none, came before A's third; now each holds one.
    expect(grants).toEqual(["A", "A", "B", "C"]);
    pool.release(held.B!.shift()!, "B");
    await settle();
    pool.release(held.C!.shift()!, "C");
    await settle();
    expect(grants).toEqual(["A", "A", "B", "C", "A", "A"]);
    expect(pool.stats()).toMatchObject({ busy: 2, waiting: 1 });
  });

  it("waiting ends with the caller's cancellation or the maximum wait, and the thread goes on to the next", async () => {
    const pool = new ThreadPool<string>({ threads: 1, spawn: async () => "t", terminate: () => undefined });
    const t = await pool.acquire("A");
    const cancel = new AbortController();
    const cancelled = pool.acquire("B", { signal: cancel.signal });
    const timedOut = pool.acquire("C", { maxWaitMs: 1 });
    await expect(timedOut).rejects.toBeInstanceOf(RenderBusyError);
    cancel.abort();
    await expect(cancelled).rejects.toBeInstanceOf(RenderCancelledError);
    expect(pool.stats().waiting).toBe(0);
    const next = pool.acquire("D");
    pool.release(t, "A");
    expect(await next).toBe("t");
  });

  it("a run whose heavy templates keep hitting the limits is refused threads at once, for a while", async () => {
    let now = 0;
    const pool = new RenderPool({ threads: 1, spawn: spawnStuck, timeoutMs: 1, now: () => now });
    for (let i = 0; i < STRIKES; i++)
      await expect(pool.render({ a: "x" }, ctx(), { key: "A" })).rejects.toThrow("template exceeded its limits: time");
    // B holds the only thread; A's next render is refused without waiting for it.
    const b = new AbortController();
    const held = pool.render({ a: "x" }, ctx(), { key: "B", signal: b.signal, timeoutMs: 3_600_000 });
    await vi.waitFor(() => expect(pool.stats().busy).toBe(1), HELD);
    await expect(pool.render({ a: "x" }, ctx(), { key: "A" })).rejects.toThrow(
      `template exceeded its limits: repeatedly (${STRIKES} heavy templates of this run exceeded their limits within ${STRIKE_WINDOW_MS / 1000} s, the last: time (still running after 0.001 s); its heavy templates are refused for now)`,
    );
    expect(pool.stats()).toMatchObject({ busy: 1, waiting: 0 });
    b.abort();
    await expect(held).rejects.toBeInstanceOf(RenderCancelledError);
    // Once the strikes age out, A waits for a thread like anyone else.
    now += STRIKE_WINDOW_MS + 1;
    await expect(pool.render({ a: "x" }, ctx(), { key: "A" })).rejects.toThrow(
      "template exceeded its limits: time (still running after 0.001 s)",
    );
  });
});

describe("render threads that end badly", () => {
  it("a waiter whose replacement thread fails to start is told so, not stranded", async () => {
    let spawned = 0;
    const pool = new ThreadPool<number>({
      threads: 1,
      spawn: async () => {
        if (++spawned === 2) throw new Error("no thread today");
        return spawned;
      },
      terminate: () => undefined,
    });
    const t = await pool.acquire("A");
    const waiting = pool.acquire("B");
    pool.discard(t, "A");
    await expect(waiting).rejects.toThrow("no thread today");
    // The pool recovers: the next one gets a fresh thread.
    expect(await pool.acquire("C")).toBe(3);
  });

  it("the same, with render threads", async () => {
    let spawned = 0;
    const pool = new RenderPool({
      threads: 1,
      timeoutMs: 1,
      spawn: () => {
        spawned++;
        if (spawned === 1) return spawnStuck();
        if (spawned === 2) return Promise.reject(new Error("no thread today"));
        return spawnRenderThread();
      },
    });
    const first = pool.render({ a: "x" }, ctx(), { key: "A" });
    const second = pool.render({ a: loop(10) }, ctx(), { key: "B" });
    await expect(first).rejects.toThrow("template exceeded its limits: time");
    await expect(second).rejects.toThrow("no thread today");
    expect(await pool.render({ a: loop(10) }, ctx(), { key: "B", timeoutMs: 3_600_000 })).toEqual({ a: "done" });
  });

  it("a cancel stops the thread mid-render", async () => {
    const threads: Worker[] = [];
    const pool = new RenderPool({ threads: 1, spawn: () => spawnStuck().then((w) => (threads.push(w), w)) });
    const cancel = new AbortController();
    const rendering = pool.render({ a: "x" }, ctx(), { key: "A", signal: cancel.signal, timeoutMs: 3_600_000 });
    await vi.waitFor(() => expect(pool.stats().busy).toBe(1), HELD);
    const exited = new Promise((resolve) => threads[0]!.once("exit", resolve));
    cancel.abort();
    await expect(rendering).rejects.toBeInstanceOf(RenderCancelledError);
    await exited;
    expect(pool.stats()).toMatchObject({ threads: 0, busy: 0 });
  });
});
