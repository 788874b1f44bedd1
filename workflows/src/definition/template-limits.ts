// Bounds on JSONata evaluation. Templates run inside the Temporal workflow sandbox,
// where an expression that runs past the isolate's 5 s timeout aborts the whole
// worker process, and where the clock stands still within a workflow task. So every
// bound here is deterministic: evaluation steps (counted through jsonata's
// guardrails, which it calls synchronously on every step), the depth and list
// limits jsonata enforces itself, and wrappers around the builtins, whose own work
// is not made of steps, charging what they read and make. The operators that
// allocate in a single step (the range `..` and the concatenation `&`) are
// rewritten into calls of such builtins, so they pay before they allocate.
// Activities add a wall-clock bound on top (activities/render.ts).
import jsonata from "jsonata";

export class TemplateError extends Error {
  override name = "TemplateError";
}

/** The error every exceeded bound raises; `bound` names it. */
export class TemplateLimitError extends TemplateError {
  override name = "TemplateLimitError";
  constructor(
    message: string,
    readonly bound: string,
    /** The budget that ran out, when that is what happened. */
    readonly budget?: TemplateBudget,
  ) {
    super(message);
  }
}

export const LIMIT_MESSAGE = "template exceeded its limits";

export const LIMITS = {
  /**
   * Units one render may use in the workflow sandbox: a step's inputs, or one forEach item's.
   * Kept far below what the sandbox's 5 s timeout would allow (see template-limits.test.ts):
   * a render over budget only moves to an activity, while a slow workflow task on a
   * loaded machine could abort the worker.
   */
  templateUnits: 1_600,
  /**
   * Units one render may use in an activity's worker thread, where a unit costs a
   * hundredth of the sandbox's and a wall-clock timeout backs it up. Renders too
   * heavy for the sandbox go there instead of failing.
   */
  threadUnits: 1_000_000,
  /** Units all the templates the workflow renders in one workflow task may use together. */
  taskUnits: 2_400,
  /** Evaluations in progress at once (nesting, plus siblings jsonata runs concurrently): bounds memory. */
  depth: 2_000,
  stringChars: 16 * 1024 * 1024,
  listItems: 1_000_000,
};

const LONG_STRING = `size (a string longer than ${LIMITS.stringChars} characters)`;

/** A map that forgets its least recently used entries beyond `cap`, for caches keyed by tenants' text on a long-lived worker. */
export class Lru<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(private readonly cap: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.cap) this.entries.delete(this.entries.keys().next().value as K);
  }
}

// A unit is one evaluation step in the workflow sandbox, where jsonata's awaits are
// slow: about 0.1 ms a step on a 2-core machine, over a hundred times plain Node.
// Native work inside builtins runs at full speed there, so it weighs little per
// item. Calibration: see template-limits.test.ts.
/** Nodes of a value (a character of a string counts as one) a builtin reads or makes per unit. */
const NODES_PER_UNIT = 256;
/** Element operations of jsonata's quadratic $sort, $distinct and $spread per unit. */
const PAIRS_PER_UNIT = 4096;
/** V8's linear regex engine takes up to about 0.3 µs per character and pattern character. */
const regexUnitsPerChar = (source: string) => (4 + source.length) / 512;

/**
 * A pool of units shared by renders: the workflow keeps one per workflow task, so a
 * task that renders many templates stays bounded too. Nested budgets spend from
 * their parents.
 */
export class TemplateBudget {
  private left: number;
  constructor(
    readonly units: number,
    readonly scope: string,
    readonly parent?: TemplateBudget,
  ) {
    this.left = units;
  }

  /** Spends units; returns the budget that ran out, if one did. */
  spend(units: number): TemplateBudget | undefined {
    this.left -= units;
    const parent = this.parent?.spend(units);
    return this.left < 0 ? this : parent;
  }
}

export const taskTemplateBudget = (): TemplateBudget =>
  new TemplateBudget(LIMITS.taskUnits, "the templates of one workflow task");
export const templateBudget = (parent?: TemplateBudget): TemplateBudget =>
  new TemplateBudget(LIMITS.templateUnits, "a step's templates", parent);
export const threadTemplateBudget = (): TemplateBudget =>
  new TemplateBudget(LIMITS.threadUnits, "a step's templates off the event loop");

// jsonata's internals, as far as the limits touch them.
interface Frame {
  base: Frame;
  lookup(name: string): unknown;
}
interface Focus {
  environment: Frame;
  input: unknown;
  createSequence(item: unknown): Sequence;
}
/** A list jsonata made: it flattens and unwraps these where it keeps plain arrays. */
type Sequence = unknown[] & { sequence?: boolean; outerWrapper?: boolean };
interface Lambda {
  _jsonata_lambda: true;
  input: unknown;
  environment: Frame;
  arguments: unknown[];
  body: object;
}
interface Node {
  type?: string;
  value?: unknown;
  position?: number;
  lhs?: unknown;
  rhs?: unknown;
}
interface Builtin {
  _jsonata_function: true;
  implementation: (this: Focus, ...args: unknown[]) => unknown;
  signature?: unknown;
}
type Expression = ReturnType<typeof jsonata>;

/** Not a JSONata identifier, so no expression can read it. */
const METER = " meter";

interface Trip {
  bound: string;
  budget?: TemplateBudget;
}

/** One evaluation's account. */
export class Meter {
  trip?: Trip;
  readonly RegexEngine: unknown;

  constructor(readonly budget: TemplateBudget) {
    const regex = (re: RegExp) => this.regex(re);
    // jsonata calls `new RegexEngine(literal)` and uses what the constructor returns.
    this.RegexEngine = function (re: RegExp) {
      return regex(re);
    };
  }

  spend(units: number): void {
    const out = this.budget.spend(units);
    if (out) this.fail(`evaluation steps (${out.scope} may take ${out.units})`, out);
  }

  fail(bound: string, budget?: TemplateBudget): never {
    this.trip ??= { bound, budget };
    throw new Error(`${LIMIT_MESSAGE}: ${bound}`);
  }

  size(value: unknown): void {
    if (typeof value === "string" && value.length > LIMITS.stringChars) this.fail(LONG_STRING);
    if (Array.isArray(value) && value.length > LIMITS.listItems)
      this.fail(`size (a list longer than ${LIMITS.listItems} items)`);
  }

  regex(re: RegExp): RegExp {
    const linear = linearRegExp(re);
    if (typeof linear === "string") this.fail(linear);
    const perChar = regexUnitsPerChar(linear.source);
    // The engine may scan to the end of the input on every call, once per match.
    linear.exec = (s: string) => {
      this.spend(1 + (s.length - linear.lastIndex) * perChar);
      return RegExp.prototype.exec.call(linear, s);
    };
    return linear;
  }
}

const meterOf = (frame: Frame) => frame.base.lookup(METER) as Meter | undefined;

/**
 * jsonata's options for one parsed expression, read while it evaluates: `timeout`
 * on every step (so reading it counts the step; 0 keeps the clock out of it) and
 * `RegexEngine` once per evaluation. Each parsed copy serves one evaluation at a time.
 */
class Limits {
  readonly stack = LIMITS.depth;
  readonly sequence = LIMITS.listItems;
  meter?: Meter;
  get timeout(): number {
    this.meter?.spend(1);
    return 0;
  }
  get RegexEngine(): unknown {
    return this.meter?.RegexEngine;
  }
}

interface Parsed {
  expression: Expression;
  limits: Limits;
  /** Whether the bounded builtins are bound in its environment yet (they load asynchronously, once). */
  bounded?: boolean;
}

/** Parsed copies kept per expression: as many as usually evaluate at once; more are parsed when needed. */
const COPIES_KEPT = 4;
const idle = new Lru<string, Parsed[]>(1_000);

/** Checks syntax; throws jsonata's error. */
export function parse(expr: string): void {
  release(expr, acquire(expr));
}

function acquire(expr: string): Parsed {
  const p = idle.get(expr)?.pop();
  if (p) return p;
  const limits = new Limits();
  const expression = jsonata(expr, limits as unknown as jsonata.JsonataOptions);
  boundOperators(expression.ast());
  return { expression, limits };
}

function release(expr: string, p: Parsed): void {
  p.limits.meter = undefined;
  let list = idle.get(expr);
  if (!list) idle.set(expr, (list = []));
  if (list.length < COPIES_KEPT) list.push(p);
}

/** Names no expression can spell, so a template can neither call nor shadow them. */
const RANGE = " range";
const CONCAT = " concat";
const OPERATORS = new Map([
  ["..", RANGE],
  ["&", CONCAT],
]);

/**
 * Turns every range and concatenation of a parsed expression into a call of its
 * bounded builtin. In place: jsonata evaluates the very tree `ast()` returns, and
 * a node keeps what the parser attached to it (predicates, groups, stages).
 */
function boundOperators(ast: object): void {
  const seen = new Set<object>();
  const todo = [ast];
  for (let node = todo.pop(); node; node = todo.pop()) {
    if (seen.has(node)) continue;
    seen.add(node);
    const n = node as Node;
    const builtin = n.type === "binary" && typeof n.value === "string" ? OPERATORS.get(n.value) : undefined;
    if (builtin) {
      const { lhs, rhs } = n;
      delete n.lhs;
      delete n.rhs;
      Object.assign(n, {
        type: "function",
        value: "(",
        procedure: { type: "variable", value: builtin, position: n.position },
        arguments: [lhs, rhs],
      });
    }
    for (const child of Object.values(n)) if (child !== null && typeof child === "object") todo.push(child);
  }
}

/** Evaluates a parsed expression on `meter`'s account; concurrent evaluations of one expression get copies of their own. */
export async function evaluateBounded(
  expr: string,
  input: unknown,
  bindings: Record<string, unknown>,
  meter: Meter,
): Promise<unknown> {
  const builtins = await boundedBuiltins();
  const p = acquire(expr);
  if (!p.bounded) {
    for (const [name, fn] of Object.entries(builtins)) p.expression.assign(name, fn);
    p.bounded = true;
  }
  p.limits.meter = meter;
  try {
    const result = await p.expression.evaluate(input, { ...bindings, [METER]: meter });
    meter.size(result);
    return result;
  } finally {
    release(expr, p);
  }
}

const sizes = new WeakMap<object, number>();
/** Nodes in a JSON value (a string counts its characters), cached per object: a value read again and again is measured once. */
function deepSize(value: unknown): number {
  if (value === null || typeof value !== "object") return typeof value === "string" ? 1 + value.length : 1;
  if ("_jsonata_lambda" in value || "_jsonata_function" in value) return 1;
  let n = sizes.get(value);
  if (n !== undefined) return n;
  n = 1;
  if (Array.isArray(value)) for (const v of value) n += deepSize(v);
  else for (const v of Object.values(value)) n += deepSize(v);
  sizes.set(value, n);
  return n;
}

const lengthOf = (v: unknown) => (Array.isArray(v) ? v.length : 1);
const keysOf = (v: unknown) => (v && typeof v === "object" ? Object.keys(v).length : 1);

/** What builtins cost beyond what they read and make, charged before they run. */
const EXTRA_COSTS: Record<string, (m: Meter, args: unknown[]) => void> = {
  // Each call of the function argument awaits, like a step, even when it is a builtin.
  map: (m, [a]) => m.spend(lengthOf(a)),
  filter: (m, [a]) => m.spend(lengthOf(a)),
  single: (m, [a]) => m.spend(lengthOf(a)),
  reduce: (m, [a]) => m.spend(lengthOf(a)),
  each: (m, [o]) => m.spend(keysOf(o)),
  sift: (m, [o]) => m.spend(keysOf(o)),
  // jsonata's $sort awaits every comparison and copies O(n²) elements; $distinct and $spread are quadratic too.
  sort: (m, [a]) => m.spend(lengthOf(a) * Math.log2(lengthOf(a) + 1) + lengthOf(a) ** 2 / PAIRS_PER_UNIT),
  distinct: (m, [a]) => m.spend(lengthOf(a) ** 2 / PAIRS_PER_UNIT),
  spread: (m, [a]) => m.spend(lengthOf(a) ** 2 / PAIRS_PER_UNIT),
  pad: (m, [, width]) => {
    const w = Math.abs(Number(width)) || 0;
    if (w > LIMITS.stringChars) m.fail(LONG_STRING);
  },
};

/** Every builtin but those BINDINGS in template.ts forbid. */
const BUILTINS = [
  ...[
    "sum",
    "count",
    "max",
    "min",
    "average",
    "string",
    "substring",
    "substringBefore",
    "substringAfter",
    "lowercase",
    "uppercase",
    "length",
    "trim",
    "pad",
  ],
  ...[
    "match",
    "contains",
    "replace",
    "split",
    "join",
    "formatNumber",
    "formatBase",
    "formatInteger",
    "parseInteger",
    "number",
    "floor",
    "ceil",
    "round",
  ],
  ...[
    "abs",
    "sqrt",
    "power",
    "boolean",
    "not",
    "map",
    "zip",
    "filter",
    "single",
    "reduce",
    "sift",
    "keys",
    "lookup",
    "append",
    "exists",
    "spread",
  ],
  ...[
    "merge",
    "reverse",
    "each",
    "error",
    "assert",
    "type",
    "sort",
    "shuffle",
    "distinct",
    "base64encode",
    "base64decode",
    "encodeUrlComponent",
  ],
  ...["encodeUrl", "decodeUrlComponent", "decodeUrl", "toMillis", "fromMillis", "clone", "eval"],
];

const isPromise = (v: unknown): v is Promise<unknown> => typeof (v as { then?: unknown } | null)?.then === "function";

// jsonata's errors are plain objects with a code; its messages come from the code.
const jsonataError = (code: string, value: unknown, error?: unknown) => ({
  code,
  value,
  error,
  stack: new Error().stack,
});

/** jsonata's range operator (evaluateRangeExpression), paying for the list before making it. */
function range(this: Focus, lhs: unknown, rhs: unknown): Sequence | undefined {
  if (lhs !== undefined && !Number.isInteger(lhs)) throw jsonataError("T2003", lhs);
  if (rhs !== undefined && !Number.isInteger(rhs)) throw jsonataError("T2004", rhs);
  if (typeof lhs !== "number" || typeof rhs !== "number" || lhs > rhs) return undefined;
  const size = rhs - lhs + 1;
  if (size > 1e7) throw jsonataError("D2014", size);
  if (size > LIMITS.listItems) throw jsonataError("D2015", size);
  meterOf(this.environment)?.spend(size / NODES_PER_UNIT);
  const result: Sequence = new Array(size);
  for (let i = 0; i < size; i++) result[i] = lhs + i;
  result.sequence = true;
  return result;
}

/** jsonata's string concatenation (evaluateStringConcat, with its $string), paying for what it writes out and makes. */
const concatWith = (toString: Builtin["implementation"]) =>
  function concat(this: Focus, lhs: unknown, rhs: unknown): string {
    const m = meterOf(this.environment);
    // Writing out a value that is not a string costs its size, shared parts as often as they appear.
    m?.spend(
      [lhs, rhs].reduce((n: number, v) => n + (v === undefined || typeof v === "string" ? 0 : deepSize(v)), 0) /
        NODES_PER_UNIT,
    );
    const l = lhs === undefined ? "" : (toString.call(this, lhs) as string);
    const r = rhs === undefined ? "" : (toString.call(this, rhs) as string);
    const length = l.length + r.length;
    if (m && length > LIMITS.stringChars) m.fail(LONG_STRING);
    m?.spend(length / NODES_PER_UNIT);
    return l.concat(r);
  };

/** Evaluates its argument, a procedure: lets a builtin run an expression in its caller's frame. */
const callIt = jsonata("$f()");

/**
 * jsonata's $eval (functionEval), with the expression's operators bounded like a
 * template's. The expression runs as the body of a procedure whose frame is the
 * caller's, so it sees the caller's variables, meter and limits.
 */
async function boundedEval(this: Focus, expr: unknown, focus: unknown): Promise<unknown> {
  if (expr === undefined) return undefined;
  let input = this.input;
  if (focus !== undefined) {
    input = focus;
    if (Array.isArray(input) && (input as Sequence).sequence !== true) {
      const wrapped = this.createSequence(input);
      wrapped.outerWrapper = true;
      input = wrapped;
    }
  }
  let body: object;
  try {
    body = jsonata(expr as string).ast();
  } catch (err) {
    throw jsonataError("D3120", (err as Error).message, err);
  }
  boundOperators(body);
  const procedure: Lambda = { _jsonata_lambda: true, input, environment: this.environment, arguments: [], body };
  try {
    return await callIt.evaluate(undefined, { f: procedure });
  } catch (err) {
    throw jsonataError("D3121", (err as Error).message, err);
  }
}

let bounded: Promise<Record<string, Builtin>> | undefined;
/**
 * Every builtin, wrapped to charge what it reads before it runs and what it made after:
 * builtins do work that no evaluation step counts. Loaded once from jsonata itself,
 * along with the builtins that ranges and concatenations are rewritten into.
 */
export function boundedBuiltins(): Promise<Record<string, Builtin>> {
  bounded ??= (async () => {
    const originals = (await jsonata(`{ ${BUILTINS.map((n) => `"${n}": $${n}`).join(", ")} }`).evaluate(
      null,
    )) as Record<string, Builtin>;
    originals.eval = { ...originals.eval!, implementation: boundedEval };
    const operators: Record<string, Builtin> = {
      [RANGE]: { _jsonata_function: true, implementation: range },
      [CONCAT]: { _jsonata_function: true, implementation: concatWith(originals.string!.implementation) },
    };
    const wrappedBuiltins = Object.fromEntries(
      BUILTINS.map((name) => {
        const original = originals[name]!;
        const extra = EXTRA_COSTS[name];
        const wrapped: Builtin = {
          ...original,
          implementation(...args) {
            const m = meterOf(this.environment);
            if (!m) return original.implementation.apply(this, args);
            m.spend(1 + args.reduce((n: number, a) => n + deepSize(a), 0) / NODES_PER_UNIT);
            extra?.(m, args);
            const result = original.implementation.apply(this, args);
            const made = (r: unknown) => (m.spend(deepSize(r) / NODES_PER_UNIT), r);
            return isPromise(result) ? result.then(made) : made(result);
          },
        };
        return [name, wrapped];
      }),
    );
    return { ...wrappedBuiltins, ...operators };
  })();
  return bounded;
}

/** The bound a failed evaluation ran into, if its error says so. */
export function limitOf(err: unknown, meter: Meter): Trip | undefined {
  if (meter.trip) return meter.trip;
  const e = err as { code?: string; name?: string; message?: string; error?: { code?: string } };
  // $eval wraps what went wrong in the expression it evaluated.
  const code = e.code === "D3121" ? e.error?.code : e.code;
  if (code === "D1011") return { bound: `depth (more than ${LIMITS.depth} evaluations in progress)` };
  if (code === "D2014" || code === "D2015") return { bound: `size (a list longer than ${LIMITS.listItems} items)` };
  if (e.name === "RangeError" && e.message?.includes("string length"))
    return { bound: "size (a string longer than the engine allows)" };
  if (e.name === "RangeError" && e.message?.includes("call stack")) return { bound: "depth (the engine's stack)" };
  return undefined;
}

const OVER = new Error("stopped writing JSON past its limit");

/** UTF-8 bytes of a string, as Temporal's payloads and Postgres carry it. */
function utf8Bytes(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Two more bytes from U+0800 on, one more below it; a surrogate pair is 4 bytes, two halves of 2.
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}

/**
 * The size of `value` as JSON in UTF-8 bytes, or Infinity once that passes `max`:
 * writing stops there, so a value that shares its parts many times over (cheap
 * to build, huge to write) costs no more than `max`. Throws a TypeError for what
 * JSON cannot write (cycles).
 */
export function jsonBytesUpTo(value: unknown, max: number): number {
  let atLeast = 0;
  let root = true;
  try {
    const text = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
      // A lower bound of what each member adds: its key (when written) and its value, without separators.
      const omitted = v === undefined || typeof v === "function" || typeof v === "symbol";
      if (root) root = false;
      else if (!Array.isArray(this)) {
        if (omitted) return v;
        atLeast += key.length + 3;
      }
      atLeast += typeof v === "string" ? v.length + 2 : omitted ? 0 : 1;
      if (atLeast > max) throw OVER;
      return v;
    });
    const bytes = text === undefined ? 0 : utf8Bytes(text);
    return bytes > max ? Infinity : bytes;
  } catch (err) {
    if (err === OVER) return Infinity;
    throw err;
  }
}

/** Fails unless `value` is JSON data of at most `max` bytes; `what` names it in the error. */
export function limitSize(value: unknown, max: number, what: string): void {
  let bytes: number;
  try {
    bytes = jsonBytesUpTo(value, max);
  } catch (err) {
    throw new TemplateError(`${what} is not JSON data: ${(err as Error).message}`);
  }
  if (bytes <= max) return;
  const bound = `size (${what}: more than ${max} bytes of JSON)`;
  throw new TemplateLimitError(`${LIMIT_MESSAGE}: ${bound}`, bound);
}

// Regular expressions. V8's backtracking engine can take exponential time, so every
// template regex runs on V8's linear-time engine (the "l" flag, which the worker
// enables with --enable-experimental-regexp-engine). That engine lacks the i flag;
// case-insensitive patterns are rewritten into explicit case classes instead.
// Backreferences, lookaround and large counted repetitions cannot run in linear
// time, and are refused.

let linearAvailable = false;
/** Whether this process can compile a linear-time RegExp (pure, so the workflow sandbox can ask too). */
export function linearRegExpsAvailable(): boolean {
  if (!linearAvailable) {
    try {
      // The flag is unknown to the linter's parser, hence the constructor call on a variable.
      const flags = "l";
      new RegExp("", flags);
      linearAvailable = true;
    } catch {
      // The flag is off in this process; asked again next time, since it may be set later.
    }
  }
  return linearAvailable;
}

const linearPatterns = new Lru<string, { source: string; flags: string } | string>(1_000);

/** A fresh linear-time RegExp for a template's regex literal, or why there can be none. */
export function linearRegExp(re: RegExp): RegExp | string {
  if (!linearRegExpsAvailable())
    return "regex (this process cannot run regular expressions in linear time: V8's --enable-experimental-regexp-engine is off)";
  const key = `/${re.source}/${re.flags}`;
  let p = linearPatterns.get(key);
  if (p === undefined) {
    const flags = re.flags.replace("i", "") + "l";
    const source = re.flags.includes("i") ? foldCase(re.source) : re.source;
    try {
      new RegExp(source, flags);
      p = { source, flags };
    } catch {
      p = `regex (${key} cannot run in linear time: backreferences, lookaround and large counted repetitions are not allowed)`;
    }
    linearPatterns.set(key, p);
  }
  return typeof p === "string" ? p : new RegExp(p.source, p.flags);
}

/** Case-insensitive equivalence as ECMAScript defines it without the u flag. */
function canonicalize(ch: string): string {
  const u = ch.toUpperCase();
  if (u.length !== 1) return ch;
  if (ch.charCodeAt(0) >= 128 && u.charCodeAt(0) < 128) return ch;
  return u;
}

function caseVariants(ch: string): string[] {
  const canon = canonicalize(ch);
  const candidates = new Set([ch.toUpperCase(), ch.toLowerCase(), canon, canon.toLowerCase()]);
  return [...candidates].filter((d) => d.length === 1 && d !== ch && canonicalize(d) === canon);
}

const classChar = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** Length of the escape starting at `i` (a backslash), in the non-unicode syntax jsonata uses. */
function escapeLength(s: string, i: number): number {
  const c = s[i + 1];
  if (c === "c") return 3;
  if (c === "x") return 4;
  if (c === "u") return 6;
  if (c === "k" && s[i + 2] === "<") return s.indexOf(">", i) - i + 1;
  return 2;
}

/** The literal character an escape stands for, when it stands for one that has case. */
function escapedChar(esc: string): string | undefined {
  if (esc[1] === "x" || esc[1] === "u") return String.fromCharCode(parseInt(esc.slice(2), 16));
  return undefined;
}

function foldClass(body: string): string {
  const extra = new Set<number>();
  const items: [number, number][] = [];
  for (let i = 0; i < body.length; ) {
    let lo: string | undefined;
    let n: number;
    if (body[i] === "\\") {
      n = escapeLength(body, i);
      lo = escapedChar(body.slice(i, i + n));
    } else {
      n = 1;
      lo = body[i];
    }
    i += n;
    if (lo !== undefined && body[i] === "-" && i + 1 < body.length) {
      let m: number;
      let hi: string | undefined;
      if (body[i + 1] === "\\") {
        m = escapeLength(body, i + 1);
        hi = escapedChar(body.slice(i + 1, i + 1 + m));
      } else {
        m = 1;
        hi = body[i + 1];
      }
      if (hi !== undefined) {
        items.push([lo.charCodeAt(0), hi.charCodeAt(0)]);
        i += 1 + m;
        continue;
      }
    }
    if (lo !== undefined) items.push([lo.charCodeAt(0), lo.charCodeAt(0)]);
  }
  const inside = (c: number) => items.some(([a, b]) => c >= a && c <= b);
  for (const [a, b] of items) {
    for (let c = a; c <= b; c++) {
      for (const v of caseVariants(String.fromCharCode(c))) if (!inside(v.charCodeAt(0))) extra.add(v.charCodeAt(0));
    }
  }
  return [...extra].map((c) => classChar(String.fromCharCode(c))).join("");
}

/** Rewrites a pattern so that it matches case-insensitively without the i flag. */
export function foldCase(source: string): string {
  let out = "";
  for (let i = 0; i < source.length; ) {
    const c = source[i]!;
    if (c === "\\") {
      const n = escapeLength(source, i);
      const esc = source.slice(i, i + n);
      const ch = escapedChar(esc);
      const variants = ch === undefined ? [] : caseVariants(ch);
      out += variants.length ? `[${esc}${variants.map(classChar).join("")}]` : esc;
      i += n;
    } else if (c === "[") {
      let end = i + 1;
      if (source[end] === "^") end++;
      while (end < source.length && source[end] !== "]") end += source[end] === "\\" ? escapeLength(source, end) : 1;
      const open = source[i + 1] === "^" ? "[^" : "[";
      const body = source.slice(i + open.length, end);
      out += `${open}${body}${foldClass(body)}]`;
      i = end + 1;
    } else if (source.startsWith("(?<", i) && source[i + 3] !== "=" && source[i + 3] !== "!") {
      // A group name, not text to match.
      const end = source.indexOf(">", i) + 1;
      out += source.slice(i, end);
      i = end;
    } else {
      const variants = caseVariants(c);
      out += variants.length ? `[${c}${variants.map(classChar).join("")}]` : c;
      i++;
    }
  }
  return out;
}
