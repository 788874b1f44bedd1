// Template rendering inside activities. The deterministic limits of
// definition/template-limits.ts apply here as in the workflow, but an activity
// shares the worker's event loop with every other tenant's activities and
// heartbeats, so only cheap renders run in-thread: one that outgrows a small
// allowance starts over in a worker thread, under a far larger budget plus a hard
// wall-clock timeout and a heap cap. Templates are pure, so starting over is safe.
//
// The threads are few and shared by every tenant, so they are shared fairly: each
// render names a key (its run), waiting renders are served by key, fewest threads
// held first and round-robin among equals, and a key whose heavy templates keep
// hitting the limits is refused threads for a while. Waiting ends with the
// activity's cancellation or after a maximum wait, and a cancellation stops the
// thread mid-render.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { LIMIT_MESSAGE } from "../definition/template-limits";
import {
  render,
  TemplateBudget,
  TemplateError,
  TemplateLimitError,
  type TemplateContext,
} from "../definition/template";

/** What a render may spend on the event loop: a few milliseconds in plain Node. */
export const INLINE_UNITS = 2_000;
export const THREAD_TIMEOUT_MS = 10_000;
const THREAD_HEAP_MB = 256;
const THREADS = Math.max(2, Math.min(4, availableParallelism() - 1));
/** How long a render waits for a thread by default: with its own 10 s, within renderTemplates' one-minute timeout. */
export const MAX_WAIT_MS = 30_000;
/** A key whose thread renders hit the limits this often within STRIKE_WINDOW_MS is refused threads until they age out. */
export const STRIKES = 3;
export const STRIKE_WINDOW_MS = 60_000;

export interface RenderOptions {
  /** Whose render this is (the run's id): threads are shared fairly between keys, and limits are counted per key. */
  key: string;
  /** The activity's cancellation: ends the wait for a thread, or stops the thread. */
  signal?: AbortSignal;
  /** The longest wait for a thread, after which the render fails with RenderBusyError. */
  maxWaitMs?: number;
  /** The longest a thread may render, after which it is stopped. */
  timeoutMs?: number;
}

/** No thread came free in time. Not the template's fault: the activity fails and is retried. */
export class RenderBusyError extends Error {
  override name = "RenderBusyError";
}

/** The caller's signal ended the render, waiting or running. */
export class RenderCancelledError extends Error {
  override name = "RenderCancelledError";
  constructor(reason?: unknown) {
    super("template rendering cancelled", { cause: reason });
  }
}

/** Renders `value`, off the event loop when it turns out not to be cheap. */
export async function renderBounded(
  value: unknown,
  context: TemplateContext,
  options: RenderOptions,
): Promise<unknown> {
  const inline = new TemplateBudget(INLINE_UNITS, "in-thread rendering");
  try {
    return await render(value, context, inline);
  } catch (err) {
    if (!(err instanceof TemplateLimitError && err.budget === inline)) throw err;
  }
  return renderInThread(value, context, options);
}

let shared: RenderPool | undefined;

/** Renders in a worker thread of the process's pool, with the thread budget. */
export function renderInThread(value: unknown, context: TemplateContext, options: RenderOptions): Promise<unknown> {
  return (shared ??= new RenderPool()).render(value, context, options);
}

interface Waiter<T> {
  key: string;
  seq: number;
  give(thread: T): void;
  fail(err: unknown): void;
}

export interface ThreadPoolOptions<T> {
  threads: number;
  spawn: () => Promise<T>;
  terminate: (thread: T) => void;
}

/**
 * Threads handed out fairly between keys. A free thread goes to the waiting key
 * that holds the fewest threads, among equals to the one served longest ago, so a
 * key that took every thread while alone gets none while another key waits.
 * Whenever a thread frees up or could be spawned, waiters are served (pump), so
 * none is left waiting with nothing to wake it.
 */
export class ThreadPool<T> {
  private idle: T[] = [];
  /** Threads alive or being spawned. */
  private size = 0;
  private spawning = 0;
  private waiting = 0;
  private queues = new Map<string, Waiter<T>[]>();
  private held = new Map<string, number>();
  /** The turn at which each active key was last given a thread. */
  private served = new Map<string, number>();
  private turn = 0;
  private seq = 0;

  constructor(private readonly options: ThreadPoolOptions<T>) {}

  acquire(
    key: string,
    { signal, maxWaitMs = MAX_WAIT_MS }: { signal?: AbortSignal; maxWaitMs?: number } = {},
  ): Promise<T> {
    if (signal?.aborted) return Promise.reject(new RenderCancelledError(signal.reason));
    return new Promise<T>((resolve, reject) => {
      const detach = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const leave = (err: Error) => {
        const queue = this.queues.get(key) ?? [];
        const i = queue.indexOf(waiter);
        if (i < 0) return;
        queue.splice(i, 1);
        this.waiting--;
        detach();
        this.forget(key);
        reject(err);
      };
      const onAbort = () => leave(new RenderCancelledError(signal!.reason));
      const timer = setTimeout(
        () => leave(new RenderBusyError(`no template render thread came free within ${maxWaitMs / 1000} s`)),
        maxWaitMs,
      );
      signal?.addEventListener("abort", onAbort, { once: true });
      const waiter: Waiter<T> = {
        key,
        seq: this.seq++,
        give: (thread) => (detach(), resolve(thread)),
        fail: (err) => (detach(), reject(err)),
      };
      let queue = this.queues.get(key);
      if (!queue) this.queues.set(key, (queue = []));
      queue.push(waiter);
      this.waiting++;
      this.pump();
    });
  }

  /** A thread back in good order. */
  release(thread: T, key: string): void {
    this.drop(key);
    this.idle.push(thread);
    this.pump();
  }

  /** A thread that timed out, was cancelled or died: it is stopped, and a waiter gets a fresh one. */
  discard(thread: T, key: string): void {
    this.drop(key);
    this.size--;
    this.options.terminate(thread);
    this.pump();
  }

  stats(): { threads: number; idle: number; busy: number; waiting: number } {
    return {
      threads: this.size,
      idle: this.idle.length,
      busy: this.size - this.idle.length - this.spawning,
      waiting: this.waiting,
    };
  }

  private pump(): void {
    while (this.waiting > 0) {
      if (this.idle.length) {
        this.give(this.next()!, this.idle.pop()!);
      } else if (this.size < this.options.threads && this.waiting > this.spawning) {
        this.size++;
        this.spawning++;
        (async () => this.options.spawn())().then(
          (thread) => {
            this.spawning--;
            this.idle.push(thread);
            this.pump();
          },
          (err: unknown) => {
            this.spawning--;
            this.size--;
            // The waiter it was for fails, rather than waiting on a thread that will not come.
            const waiter = this.next();
            if (waiter) {
              this.dequeue(waiter);
              this.forget(waiter.key);
              waiter.fail(err);
            }
            this.pump();
          },
        );
      } else return;
    }
  }

  /** The next waiter to serve: of the key holding the fewest threads, then served longest ago, then waiting longest. */
  private next(): Waiter<T> | undefined {
    let best: Waiter<T> | undefined;
    let bestRank: [number, number, number] | undefined;
    for (const [key, queue] of this.queues) {
      const head = queue[0];
      if (!head) continue;
      const rank: [number, number, number] = [this.held.get(key) ?? 0, this.served.get(key) ?? -1, head.seq];
      if (
        !bestRank ||
        rank[0] < bestRank[0] ||
        (rank[0] === bestRank[0] && (rank[1] < bestRank[1] || (rank[1] === bestRank[1] && rank[2] < bestRank[2])))
      ) {
        best = head;
        bestRank = rank;
      }
    }
    return best;
  }

  private give(waiter: Waiter<T>, thread: T): void {
    this.dequeue(waiter);
    this.held.set(waiter.key, (this.held.get(waiter.key) ?? 0) + 1);
    this.served.set(waiter.key, ++this.turn);
    waiter.give(thread);
  }

  private dequeue(waiter: Waiter<T>): void {
    const queue = this.queues.get(waiter.key)!;
    queue.splice(queue.indexOf(waiter), 1);
    this.waiting--;
  }

  private drop(key: string): void {
    const n = (this.held.get(key) ?? 1) - 1;
    if (n > 0) this.held.set(key, n);
    else this.held.delete(key);
    this.forget(key);
  }

  /** A key with nothing held and nothing waiting is forgotten, so the maps stay as small as the active keys. */
  private forget(key: string): void {
    if (this.held.has(key) || this.queues.get(key)?.length) return;
    this.queues.delete(key);
    this.served.delete(key);
  }
}

interface Reply {
  ok: boolean;
  result?: unknown;
  message?: string;
  bound?: string;
}

/** A render thread, ready for its first message. */
export function spawnRenderThread(): Promise<Worker> {
  const w = new Worker(new URL("./render-thread.mjs", import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
  });
  // Idle threads must not keep the process alive.
  w.unref();
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => (w.off("exit", onExit), reject(err));
    const onExit = (code: number) => (
      w.off("error", onError),
      reject(new Error(`template render thread exited while starting (code ${code})`))
    );
    w.once("message", () => {
      w.off("error", onError);
      w.off("exit", onExit);
      // A thread's errors are handled by the render it runs; one between renders (or after a
      // render gave up on it) must not become the process's uncaught exception.
      w.on("error", () => undefined);
      resolve(w);
    });
    w.once("error", onError);
    w.once("exit", onExit);
  });
}

export interface RenderPoolOptions {
  /** Default: 2–4, by the machine's cores. */
  threads?: number;
  spawn?: () => Promise<Worker>;
  timeoutMs?: number;
  maxWaitMs?: number;
  strikes?: number;
  strikeWindowMs?: number;
  now?: () => number;
}

/** Worker threads that render under the thread budget, the timeout and the heap cap, shared fairly between keys. */
export class RenderPool {
  private readonly pool: ThreadPool<Worker>;
  private readonly timeoutMs: number;
  private readonly maxWaitMs: number;
  private readonly strikeLimit: number;
  private readonly strikeWindowMs: number;
  private readonly now: () => number;
  /** Per key, when its thread renders hit the limits (within the window) and the last bound hit. */
  private readonly strikes = new Map<string, { at: number[]; bound: string }>();

  constructor(options: RenderPoolOptions = {}) {
    this.pool = new ThreadPool<Worker>({
      threads: options.threads ?? THREADS,
      spawn: options.spawn ?? spawnRenderThread,
      terminate: (w) => void w.terminate().catch(() => undefined),
    });
    this.timeoutMs = options.timeoutMs ?? THREAD_TIMEOUT_MS;
    this.maxWaitMs = options.maxWaitMs ?? MAX_WAIT_MS;
    this.strikeLimit = options.strikes ?? STRIKES;
    this.strikeWindowMs = options.strikeWindowMs ?? STRIKE_WINDOW_MS;
    this.now = options.now ?? Date.now;
  }

  stats() {
    return this.pool.stats();
  }

  async render(
    value: unknown,
    context: TemplateContext,
    { key, signal, maxWaitMs = this.maxWaitMs, timeoutMs = this.timeoutMs }: RenderOptions,
  ): Promise<unknown> {
    if (signal?.aborted) throw new RenderCancelledError(signal.reason);
    this.refuseIfStruckOut(key);
    const w = await this.pool.acquire(key, { signal, maxWaitMs });
    try {
      // The key may have struck out, or been cancelled, while this render waited.
      this.refuseIfStruckOut(key);
      if (signal?.aborted) throw new RenderCancelledError(signal.reason);
    } catch (err) {
      this.pool.release(w, key);
      throw err;
    }
    try {
      return await this.run(w, key, value, context, timeoutMs, signal);
    } catch (err) {
      if (err instanceof TemplateLimitError) this.strike(key, err.bound);
      throw err;
    }
  }

  private run(
    w: Worker,
    key: string,
    value: unknown,
    context: TemplateContext,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        w.off("message", onMessage);
        w.off("error", onError);
        w.off("exit", onExit);
        signal?.removeEventListener("abort", onAbort);
      };
      const onMessage = (reply: Reply) => {
        done();
        this.pool.release(w, key);
        if (reply.ok) resolve(reply.result);
        else
          reject(reply.bound ? new TemplateLimitError(reply.message!, reply.bound) : new TemplateError(reply.message!));
      };
      const onError = (err: Error & { code?: string }) => {
        done();
        this.pool.discard(w, key);
        if (err.code === "ERR_WORKER_OUT_OF_MEMORY") {
          const bound = `memory (more than ${THREAD_HEAP_MB} MB)`;
          reject(new TemplateLimitError(`${LIMIT_MESSAGE}: ${bound}`, bound));
        } else reject(err);
      };
      const onExit = (code: number) => {
        done();
        this.pool.discard(w, key);
        reject(new Error(`template render thread exited (code ${code})`));
      };
      const onAbort = () => {
        done();
        this.pool.discard(w, key);
        reject(new RenderCancelledError(signal!.reason));
      };
      const timer = setTimeout(() => {
        done();
        this.pool.discard(w, key);
        const bound = `time (still running after ${timeoutMs / 1000} s)`;
        reject(new TemplateLimitError(`${LIMIT_MESSAGE}: ${bound}`, bound));
      }, timeoutMs);
      w.on("message", onMessage);
      w.on("error", onError);
      w.on("exit", onExit);
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        w.postMessage({ value, context });
      } catch (err) {
        // Not cloneable: nothing reached the thread, which is still good.
        done();
        this.pool.release(w, key);
        reject(new TemplateError(`the template's input cannot be rendered: ${(err as Error).message}`));
      }
    });
  }

  private recentStrikes(key: string): { at: number[]; bound: string } | undefined {
    const s = this.strikes.get(key);
    if (!s) return undefined;
    const since = this.now() - this.strikeWindowMs;
    s.at = s.at.filter((t) => t > since);
    if (s.at.length) return s;
    this.strikes.delete(key);
    return undefined;
  }

  private strike(key: string, bound: string): void {
    const s = this.recentStrikes(key) ?? { at: [], bound };
    s.at.push(this.now());
    s.bound = bound;
    this.strikes.set(key, s);
    // Keys that struck once and went away age out here, so the map stays small.
    for (const k of this.strikes.keys()) if (k !== key) this.recentStrikes(k);
  }

  /** Fails fast, with the limits error, a key whose heavy templates keep hitting the limits. */
  private refuseIfStruckOut(key: string): void {
    const s = this.recentStrikes(key);
    if (!s || s.at.length < this.strikeLimit) return;
    const bound = `repeatedly (${s.at.length} heavy templates of this run exceeded their limits within ${this.strikeWindowMs / 1000} s, the last: ${s.bound}; its heavy templates are refused for now)`;
    throw new TemplateLimitError(`${LIMIT_MESSAGE}: ${bound}`, bound);
  }
}
