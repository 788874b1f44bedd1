// The one input policy: every request body, path parameter, query string and
// tRPC input meets it before any service sees it, so a hostile value answers a
// precise 400 instead of failing deep inside (Postgres refuses NUL in text and
// jsonb, UTF-8 has no lone surrogates, recursive code overflows on deep nesting).
import { ApiError } from "./api-error";

/** Deepest nesting of arrays and objects accepted; real definitions, inputs and webhook bodies stay far below it. */
export const MAX_DEPTH = 64;
/** Most entries in one array or object. */
export const MAX_ENTRIES = 10_000;
/**
 * Most entries in one array or object of a webhook or event body. A sender's
 * batch of records is legitimate there, and the webhook byte limit already
 * bounds what it costs; the bound only keeps the walk's own memory in check.
 */
export const MAX_EVENT_ENTRIES = 100_000;

export interface InputProblem {
  /** Where, as a JSON path from `root` (e.g. `$.steps[0].needs`, `query.cursor`). */
  path: string;
  message: string;
}

// Without the `u` flag this matches UTF-16 code units: a high surrogate with no low one after it, or a low one with no high one before it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be taken, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  if (text.includes("\u0000")) return "contains a NUL character (\\u0000)";
  if (LONE_SURROGATE.test(text)) return "contains a lone UTF-16 surrogate";
  return undefined;
}

type Key = string | number;

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | undefined;
  key: Key | undefined;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function pathOf(frame: Frame, root: string, last?: Key): string {
  const keys: Key[] = last === undefined ? [] : [last];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) keys.push(f.key);
  return keys.reduceRight<string>(
    (path, k) => path + (typeof k === "number" ? `[${k}]` : IDENTIFIER.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`),
    root,
  );
}

/**
 * The first problem in document order, or undefined. Iterative, so input
 * nested far deeper than the limit is refused rather than overflowing this walk.
 */
export function inputProblem(value: unknown, root = "$", maxEntries = MAX_ENTRIES): InputProblem | undefined {
  const stack: Frame[] = [{ value, depth: 0, parent: undefined, key: undefined }];
  while (stack.length) {
    const frame = stack.pop()!;
    const v = frame.value;
    if (typeof v === "string") {
      const problem = textProblem(v);
      if (problem) return { path: pathOf(frame, root), message: problem };
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (frame.depth >= MAX_DEPTH)
      return { path: pathOf(frame, root), message: `nests deeper than ${MAX_DEPTH} levels` };
    const entries: [Key, unknown][] = Array.isArray(v) ? v.map((item, i) => [i, item]) : Object.entries(v);
    if (entries.length > maxEntries)
      return {
        path: pathOf(frame, root),
        message: `has ${entries.length} entries; at most ${maxEntries} are accepted`,
      };
    for (const [key] of entries) {
      const problem = typeof key === "string" ? textProblem(key) : undefined;
      if (problem) return { path: pathOf(frame, root, key), message: `key ${problem}` };
    }
    for (let i = entries.length - 1; i >= 0; i--)
      stack.push({ value: entries[i]![1], depth: frame.depth + 1, parent: frame, key: entries[i]![0] });
  }
  return undefined;
}

/** Passes `value` through, or throws 400 `invalid_input` naming where and what. */
export function checkInput<T>(value: T, root = "$", maxEntries = MAX_ENTRIES): T {
  const problem = inputProblem(value, root, maxEntries);
  if (problem) throw invalidInput(problem);
  return value;
}

const invalidInput = (problem: InputProblem) =>
  new ApiError(400, "invalid_input", `${problem.path}: ${problem.message}.`, { errors: [problem] });

/** Every name and value of a query string, repeated names included. */
export function checkQuery(params: URLSearchParams): void {
  for (const [name, value] of params) {
    const inName = textProblem(name);
    if (inName) throw invalidInput({ path: "query", message: `a parameter name ${inName}` });
    const inValue = textProblem(value);
    if (inValue) throw invalidInput({ path: `query.${name}`, message: inValue });
  }
}

/** A webhook's or app event's body: the policy, with the width of a batch (MAX_EVENT_ENTRIES). */
export const checkEventBody = <T>(value: T): T => checkInput(value, "$", MAX_EVENT_ENTRIES);

/**
 * A provider's delivery stays raw text for its signature check; what it says
 * must still meet the policy, so it is read the way its trigger will read it:
 * as JSON when it is JSON, as plain text otherwise.
 */
export function checkDelivery(text: string): void {
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // not JSON: the text itself is what the trigger gets
  }
  checkEventBody(value);
}
