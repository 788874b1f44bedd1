// V8's linear-time RegExp engine (the "l" flag), which every template regex runs on
// (definition/template-limits.ts), in the workflow sandbox and in activities alike.
// It sits behind a V8 flag, and V8 documents changing flags once the VM is running
// as undefined behaviour. So the flag is set as early as the worker process allows:
// by `node --enable-experimental-regexp-engine`, or else by main.ts's very first
// import (enable-linear-regexps.ts), before any other module loads or any thread
// starts. createWorker, which tests and benches use without main.ts, sets it too if
// no one has, and refuses to start a worker without the engine.
import v8 from "node:v8";
import { linearRegExpsAvailable } from "./definition/template-limits";

export { linearRegExpsAvailable };

export const LINEAR_REGEXP_FLAG = "--enable-experimental-regexp-engine";

/** Turns the engine on, unless it already is (the command line, or an earlier call). Process-wide. */
export function enableLinearRegExps(): void {
  if (!linearRegExpsAvailable()) v8.setFlagsFromString(LINEAR_REGEXP_FLAG);
}

/** Throws, with what to do about it, when the engine is off: a worker must not start without it. */
export function assertLinearRegExps(available: () => boolean = linearRegExpsAvailable): void {
  if (available()) return;
  throw new Error(
    `V8's linear-time RegExp engine is not available (new RegExp("", "l") fails), so template regexes could not run safely. ` +
      `Start node with ${LINEAR_REGEXP_FLAG} (e.g. NODE_OPTIONS=${LINEAR_REGEXP_FLAG}), on a Node.js whose V8 has that engine (Node 20.19 or newer).`,
  );
}
