// `{{ expr }}` templates, where expr is JSONata over { trigger, steps, workflow, run }.
// Pure and deterministic: runs inside the Temporal workflow sandbox, so clock and
// randomness functions are switched off rather than silently replayed, and every
// evaluation is bounded (template-limits.ts).
import jsonata from "jsonata";
import {
  evaluateBounded,
  LIMIT_MESSAGE,
  limitOf,
  Lru,
  Meter,
  parse,
  type TemplateBudget,
  templateBudget,
  TemplateError,
  TemplateLimitError,
} from "./template-limits";

export {
  jsonBytesUpTo,
  LIMIT_MESSAGE,
  limitSize,
  LIMITS,
  taskTemplateBudget,
  templateBudget,
  threadTemplateBudget,
  TemplateBudget,
  TemplateError,
  TemplateLimitError,
} from "./template-limits";

/** Every `{{ expression }}` in a string (global: use with matchAll). */
export const TEMPLATE = /\{\{([\s\S]+?)\}\}/g;
const WHOLE = /^\s*\{\{([\s\S]+?)\}\}\s*$/;
// Step ids may contain "-", which JSONata reads as minus, so they can be quoted with backticks.
const STEP_REF = /\bsteps\s*\.\s*(?:`([^`]+)`|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Where an output too large for Temporal waits in Postgres (claim check): `step`
 * is the StepRun's output, `items` a fan-out's StepItem rows, both of the current run.
 * Only the engine sets it, beside the output, so step data can never claim one.
 */
export type StoredOutput = "step" | "items";

export interface TemplateContext {
  trigger: unknown;
  steps: Record<
    string,
    {
      output?: unknown;
      error?: unknown;
      status?: string;
      stored?: StoredOutput;
      /** An incremental fan-out's changes (StepChanges): keys added, changed and removed, and the unchanged count. */
      changes?: unknown;
      /** Set by the engine instead of `changes` when they wait in Postgres, like `stored`. */
      changesStored?: true;
    }
  >;
  workflow: { name: string };
  run: { id: string; startedAt: string };
  /** Inside a forEach: the current item and its position. */
  item?: unknown;
  index?: number;
  /** In a checkpoint's autoApproveIf: the inputs of the steps after it, by step id. */
  preview?: unknown;
}

const forbidden = (name: string) => () => {
  throw new Error(`$${name}() is not allowed in templates: they must be deterministic`);
};
const BINDINGS = { now: forbidden("now"), millis: forbidden("millis"), random: forbidden("random") };

const checked = new Lru<string, true>(1_000);
function compile(expr: string): void {
  if (checked.get(expr)) return;
  try {
    parse(expr);
  } catch (err) {
    throw new TemplateError(`invalid expression "${expr}": ${(err as { message?: string }).message}`);
  }
  checked.set(expr, true);
}

/** Evaluates one expression, charging its work to `budget`. */
export async function evaluate(
  expr: string,
  ctx: TemplateContext,
  budget: TemplateBudget = templateBudget(),
): Promise<unknown> {
  const source = expr.trim();
  compile(source);
  const meter = new Meter(budget);
  try {
    return await evaluateBounded(source, ctx, BINDINGS, meter);
  } catch (err) {
    const limit = limitOf(err, meter);
    if (limit)
      throw new TemplateLimitError(
        `{{ ${source} }} failed: ${LIMIT_MESSAGE}: ${limit.bound}`,
        limit.bound,
        limit.budget,
      );
    throw new TemplateError(`{{ ${source} }} failed: ${(err as { message?: string }).message}`);
  }
}

const stringify = (v: unknown): string =>
  v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v);

/**
 * A value that is exactly one template keeps its type; mixed text is interpolated as a string.
 * All templates in `value` spend from one budget: by default a step's, as in the workflow sandbox.
 */
export async function render(
  value: unknown,
  ctx: TemplateContext,
  budget: TemplateBudget = templateBudget(),
): Promise<unknown> {
  if (typeof value === "string") {
    const whole = WHOLE.exec(value);
    if (whole && !whole[1]!.includes("{{")) return evaluate(whole[1]!, ctx, budget);
    if (!value.includes("{{")) return value;
    const parts: Promise<string>[] = [];
    value.replace(TEMPLATE, (_m, expr: string) => (parts.push(evaluate(expr, ctx, budget).then(stringify)), ""));
    const rendered = await Promise.all(parts);
    let i = 0;
    return value.replace(TEMPLATE, () => rendered[i++]!);
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => render(v, ctx, budget)));
  if (value && typeof value === "object") {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await render(v, ctx, budget)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

/** An `if` may be written with or without `{{ }}`; this gives the template form. */
export const asTemplate = (expr: string): string => (WHOLE.test(expr) ? expr : `{{ ${expr} }}`);

export interface FoundTemplate {
  /** Path segments from the value's root. */
  path: (string | number)[];
  expr: string;
}

/** Every template inside a value, with where it sits. */
export function findTemplates(value: unknown, path: (string | number)[] = []): FoundTemplate[] {
  if (typeof value === "string") return [...value.matchAll(TEMPLATE)].map((m) => ({ path, expr: m[1]!.trim() }));
  if (Array.isArray(value)) return value.flatMap((v, i) => findTemplates(v, [...path, i]));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => findTemplates(v, [...path, k]));
  return [];
}

/** Checks syntax; returns the error message or undefined. */
export function syntaxError(expr: string): string | undefined {
  try {
    compile(expr);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Step ids an expression reads through `steps.<id>`. */
export const referencedSteps = (expr: string): string[] => [
  ...new Set([...expr.matchAll(STEP_REF)].map((m) => m[1] ?? m[2]!)),
];

/** What of the root an expression may read: everything, or the trigger and some (or all) steps. */
interface RootReads {
  all: boolean;
  trigger: boolean;
  allSteps: boolean;
  steps: Set<string>;
}

// jsonata AST nodes, as far as reading them goes.
interface Node {
  type?: string;
  value?: unknown;
  steps?: Node[];
  procedure?: Node;
  arguments?: Node[];
  lhs?: Node;
  rhs?: Node;
  signature?: unknown;
}

/** Builtins that take the context in place of a missing argument, where the context may be the whole root; how many arguments leave it missing. */
const TAKES_ROOT: Record<string, number> = {
  string: 0,
  boolean: 0,
  not: 0,
  keys: 0,
  spread: 0,
  clone: 0,
  each: 1,
  sift: 1,
};
/** Fields evaluated against something other than their node's input (items of a path, of a filter, of a group). */
const DERIVED = new Set(["stages", "predicate", "group", "terms", "pattern", "update", "delete"]);

/**
 * What `expr` may read of the root, by its syntax tree: a template that could
 * read the root through a path it does not name ($, $$, %, wildcards, $lookup,
 * $eval, builtins taking the root as their context) reads everything.
 */
function rootReadsOf(expr: string): RootReads {
  const reads: RootReads = { all: false, trigger: false, allSteps: false, steps: new Set() };
  let ast: Node;
  try {
    ast = jsonata(expr).ast() as Node;
  } catch {
    return { ...reads, all: true };
  }
  visitReads({ reads, seen: new Set() }, ast, true);
  return reads;
}

/** One walk of a syntax tree: what it found the tree reads, and the nodes already walked (the tree shares some). */
interface ReadsWalk {
  reads: RootReads;
  seen: Set<object>;
}

/** A root field named by the tree; `next`, the name after it in a path, narrows `steps` to one step. */
function readRootName(reads: RootReads, name: unknown, next?: Node): void {
  if (name === "trigger") reads.trigger = true;
  if (name !== "steps") return;
  if (next?.type === "name" && typeof next.value === "string") reads.steps.add(next.value);
  else reads.allSteps = true;
}

/** A function call, with `applied` arguments given through `~>` besides its own. */
function visitCallReads(walk: ReadsWalk, node: Node, root: boolean, applied: number): void {
  const name = node.procedure?.type === "variable" ? node.procedure.value : undefined;
  if (name === "lookup" || name === "eval") walk.reads.all = true;
  else if (
    root &&
    typeof name === "string" &&
    Object.hasOwn(TAKES_ROOT, name) &&
    (node.arguments?.length ?? 0) + applied <= TAKES_ROOT[name]!
  )
    walk.reads.all = true;
  // The procedure is called, not read: a builtin named there is no alias.
  if (node.procedure?.type !== "variable") visitReads(walk, node.procedure, root);
  visitReads(walk, node.arguments, root);
}

/** A path: only its first step reads the input; the later ones read what the steps before them gave. */
function visitPathReads(walk: ReadsWalk, node: Node, root: boolean): void {
  const [first, ...rest] = node.steps ?? [];
  if (first?.type === "name") {
    if (root) readRootName(walk.reads, first.value, rest[0]);
    walk.seen.add(first);
    for (const [k, v] of Object.entries(first)) if (DERIVED.has(k)) visitReads(walk, v, false);
  } else visitReads(walk, first, root);
  visitReads(walk, rest, false);
  for (const [k, v] of Object.entries(node)) if (k !== "steps") visitReads(walk, v, root && !DERIVED.has(k));
}

/** Walks `value`, a node or nodes of the tree; `root` when the node's input may be the whole root. */
function visitReads(walk: ReadsWalk, value: unknown, root: boolean): void {
  const { reads, seen } = walk;
  if (reads.all || value === null || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const v of value) visitReads(walk, v, root);
    return;
  }
  const node = value as Node;
  switch (node.type) {
    case "variable":
      if (node.value === "$" || (root && node.value === "")) reads.all = true;
      // A builtin that may take the root, handed on as a value, may be called without its argument anywhere.
      if (typeof node.value === "string" && Object.hasOwn(TAKES_ROOT, node.value)) reads.all = true;
      return;
    case "parent":
      reads.all = true;
      return;
    case "wildcard":
    case "descendant":
      if (root) reads.all = true;
      return;
    case "name":
      if (root) readRootName(reads, node.value);
      return;
    case "lambda":
      if (JSON.stringify(node.signature ?? "").includes("-")) reads.all = true;
      break;
    case "function":
    case "partial":
      visitCallReads(walk, node, root, 0);
      return;
    case "apply":
      visitReads(walk, node.lhs, root);
      if (node.rhs?.type === "function" || node.rhs?.type === "partial") visitCallReads(walk, node.rhs, root, 1);
      else visitReads(walk, node.rhs, root);
      return;
    case "path":
      visitPathReads(walk, node, root);
      return;
  }
  for (const [k, v] of Object.entries(node)) visitReads(walk, v, root && !DERIVED.has(k));
}

const rootReads = new Lru<string, RootReads>(1_000);

/**
 * The part of a context that templates in `value` can read, so fan-out batches
 * and renders in an activity do not each carry the whole trigger and every step
 * output. Exact, not a guess: a template renders alike in this context and in
 * the whole one (what it may read and cannot name gets everything).
 */
export function contextFor(value: unknown, ctx: TemplateContext): TemplateContext {
  const reads = { trigger: false, allSteps: false, steps: new Set<string>() };
  for (const { expr } of findTemplates(value)) {
    let r = rootReads.get(expr);
    if (!r) rootReads.set(expr, (r = rootReadsOf(expr)));
    if (r.all) return ctx;
    reads.trigger ||= r.trigger;
    reads.allSteps ||= r.allSteps;
    for (const id of r.steps) reads.steps.add(id);
  }
  return {
    trigger: reads.trigger ? ctx.trigger : null,
    steps: reads.allSteps
      ? ctx.steps
      : Object.fromEntries(Object.entries(ctx.steps).filter(([id]) => reads.steps.has(id))),
    workflow: ctx.workflow,
    run: ctx.run,
    ...("item" in ctx ? { item: ctx.item, index: ctx.index } : {}),
    ...("preview" in ctx ? { preview: ctx.preview } : {}),
  };
}
