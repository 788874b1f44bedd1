// A worker thread of activities/render.ts: renders one value at a time under the full template limits.
import { parentPort } from "node:worker_threads";
import { render, TemplateLimitError, threadTemplateBudget } from "../definition/template";

const port = parentPort!;
port.on("message", async ({ value, context }) => {
  try {
    const result = await render(value, context, threadTemplateBudget());
    // A result that is not data (a function) fails to post, and is reported like any other error.
    port.postMessage({ ok: true, result });
  } catch (err) {
    port.postMessage({
      ok: false,
      message: (err as Error).message,
      bound: err instanceof TemplateLimitError ? err.bound : undefined,
    });
  }
});
port.postMessage({ ready: true });
