// Template rendering inside activities. The deterministic limits of
// definition/template-limits.ts apply here as in the workflow, but an activity
// shares the worker's event loop with every other tenant's activities and
// heartbeats, so only cheap renders run in-thread: one that outgrows a small
// allowance starts over in a worker thread, under a far larger budget plus a hard
// wall-clock timeout and a heap cap. Templates are pure, so starting over is safe.
import { availableParallelism } from "node:os";
import v8 from "node:v8";
import { Worker } from "node:worker_threads";
import { LIMIT_MESSAGE } from "../definition/template-limits";
import { render, TemplateBudget, TemplateError, TemplateLimitError, type TemplateContext } from "../definition/template";

/**
 * Lets template regexes run on V8's linear-time engine (the "l" flag). Process-wide,
 * so it also reaches the workflow threads the worker starts after this module loads.
 */
export function enableLinearRegExps(): void {
  v8.setFlagsFromString("--enable-experimental-regexp-engine");
}
enableLinearRegExps();

/** What a render may spend on the event loop: a few milliseconds in plain Node. */
export const INLINE_UNITS = 2_000;
export const THREAD_TIMEOUT_MS = 10_000;
const THREAD_HEAP_MB = 256;
const THREADS = Math.max(2, Math.min(4, availableParallelism() - 1));

/** Renders `value`, off the event loop when it turns out not to be cheap. */
export async function renderBounded(value: unknown, context: TemplateContext): Promise<unknown> {
  const inline = new TemplateBudget(INLINE_UNITS, "in-thread rendering");
  try {
    return await render(value, context, inline);
  } catch (err) {
    if (!(err instanceof TemplateLimitError && err.budget === inline)) throw err;
  }
  return renderInThread(value, context);
}

interface Reply {
  ok: boolean;
  result?: unknown;
  message?: string;
  bound?: string;
}

class ThreadPool {
  private idle: Worker[] = [];
  private waiting: ((w: Worker) => void)[] = [];
  private size = 0;

  async acquire(): Promise<Worker> {
    const w = this.idle.pop();
    if (w) return w;
    if (this.size >= THREADS) return new Promise((resolve) => this.waiting.push(resolve));
    this.size++;
    try {
      return await spawn();
    } catch (err) {
      this.size--;
      throw err;
    }
  }

  release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  /** A thread that timed out or died; a waiting render gets a fresh one. */
  discard(w: Worker): void {
    this.size--;
    void w.terminate();
    const next = this.waiting.shift();
    if (next) void this.acquire().then(next, () => this.waiting.unshift(next));
  }
}

function spawn(): Promise<Worker> {
  const w = new Worker(new URL("./render-thread.mjs", import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } });
  // Idle threads must not keep the process alive.
  w.unref();
  return new Promise((resolve, reject) => {
    w.once("message", () => (w.off("error", reject), resolve(w)));
    w.once("error", reject);
  });
}

const pool = new ThreadPool();

/** Renders in a worker thread with the thread budget; gives up after `timeoutMs`. */
export async function renderInThread(value: unknown, context: TemplateContext, timeoutMs = THREAD_TIMEOUT_MS): Promise<unknown> {
  const w = await pool.acquire();
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      w.off("message", onMessage);
      w.off("error", onError);
    };
    const onMessage = (reply: Reply) => {
      done();
      pool.release(w);
      if (reply.ok) resolve(reply.result);
      else reject(reply.bound ? new TemplateLimitError(reply.message!, reply.bound) : new TemplateError(reply.message!));
    };
    const onError = (err: Error & { code?: string }) => {
      done();
      pool.discard(w);
      if (err.code === "ERR_WORKER_OUT_OF_MEMORY") {
        const bound = `memory (more than ${THREAD_HEAP_MB} MB)`;
        reject(new TemplateLimitError(`${LIMIT_MESSAGE}: ${bound}`, bound));
      } else reject(err);
    };
    const timer = setTimeout(() => {
      done();
      pool.discard(w);
      const bound = `time (still running after ${timeoutMs / 1000} s)`;
      reject(new TemplateLimitError(`${LIMIT_MESSAGE}: ${bound}`, bound));
    }, timeoutMs);
    w.on("message", onMessage);
    w.on("error", onError);
    w.postMessage({ value, context });
  });
}
