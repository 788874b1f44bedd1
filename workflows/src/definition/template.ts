// `{{ expr }}` templates, where expr is JSONata over { trigger, steps, workflow, run }.
// Pure and deterministic: runs inside the Temporal workflow sandbox, so clock and
// randomness functions are switched off rather than silently replayed, and every
// evaluation is bounded (template-limits.ts).
import { evaluateBounded, LIMIT_MESSAGE, limitOf, Meter, parse, type TemplateBudget, templateBudget, TemplateError, TemplateLimitError } from "./template-limits";

export { LIMITS, taskTemplateBudget, templateBudget, threadTemplateBudget, TemplateBudget, TemplateError, TemplateLimitError } from "./template-limits";

const TEMPLATE = /\{\{([\s\S]+?)\}\}/g;
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
  steps: Record<string, { output?: unknown; error?: unknown; status?: string; stored?: StoredOutput }>;
  workflow: { name: string };
  run: { id: string; startedAt: string };
  /** Inside a forEach: the current item and its position. */
  item?: unknown;
  index?: number;
}

const forbidden = (name: string) => () => {
  throw new Error(`$${name}() is not allowed in templates: they must be deterministic`);
};
const BINDINGS = { now: forbidden("now"), millis: forbidden("millis"), random: forbidden("random") };

const checked = new Set<string>();
function compile(expr: string): void {
  if (checked.has(expr)) return;
  try {
    parse(expr);
  } catch (err) {
    throw new TemplateError(`invalid expression "${expr}": ${(err as { message?: string }).message}`);
  }
  checked.add(expr);
}

/** Evaluates one expression, charging its work to `budget`. */
export async function evaluate(expr: string, ctx: TemplateContext, budget: TemplateBudget = templateBudget()): Promise<unknown> {
  const source = expr.trim();
  compile(source);
  const meter = new Meter(budget);
  try {
    return await evaluateBounded(source, ctx, BINDINGS, meter);
  } catch (err) {
    const limit = limitOf(err, meter);
    if (limit) throw new TemplateLimitError(`{{ ${source} }} failed: ${LIMIT_MESSAGE}: ${limit.bound}`, limit.bound, limit.budget);
    throw new TemplateError(`{{ ${source} }} failed: ${(err as { message?: string }).message}`);
  }
}

const stringify = (v: unknown): string => (v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v));

/**
 * A value that is exactly one template keeps its type; mixed text is interpolated as a string.
 * All templates in `value` spend from one budget: by default a step's, as in the workflow sandbox.
 */
export function render(value: unknown, ctx: TemplateContext, budget: TemplateBudget = templateBudget()): Promise<unknown> {
  return renderWithin(value, ctx, budget);
}

async function renderWithin(value: unknown, ctx: TemplateContext, budget: TemplateBudget): Promise<unknown> {
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
  if (Array.isArray(value)) return Promise.all(value.map((v) => renderWithin(v, ctx, budget)));
  if (value && typeof value === "object") {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await renderWithin(v, ctx, budget)] as const));
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
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => findTemplates(v, [...path, k]));
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
export const referencedSteps = (expr: string): string[] => [...new Set([...expr.matchAll(STEP_REF)].map((m) => m[1] ?? m[2]!))];

/**
 * The part of a context that templates in `value` can read, so fan-out batches
 * do not each carry the whole trigger and every step output. Conservative: a
 * template using `$$` (the root) or `$lookup` gets everything.
 */
export function contextFor(value: unknown, ctx: TemplateContext): TemplateContext {
  const exprs = findTemplates(value).map((t) => t.expr);
  if (exprs.some((e) => e.includes("$$") || e.includes("$lookup"))) return ctx;
  const text = exprs.join("\n");
  const refs = new Set(exprs.flatMap(referencedSteps));
  return {
    trigger: text.includes("trigger") ? ctx.trigger : null,
    steps: Object.fromEntries(Object.entries(ctx.steps).filter(([id]) => refs.has(id))),
    workflow: ctx.workflow,
    run: ctx.run,
  };
}
