// What the step being edited can insert into a field: the trigger, the steps upstream of it
// (data flows along `needs`; validation refuses any other), the run, and inside a forEach
// the item. Each as a ready `{{ }}` template, walked from sample data.
import { ancestors, type WorkflowDefinition } from "@switchyard/workflows/definition";

export type ValueType = "string" | "number" | "boolean" | "null" | "object" | "array" | "unknown";

/** The template context's names (TemplateContext); `item` and `index` only inside a forEach. */
export type PickerRoot = "trigger" | "steps" | "item" | "index" | "run" | "workflow";

export interface PickableField {
  root: PickerRoot;
  /** For `steps`: whose output. */
  stepId?: string;
  /** The path below the root (below a step's output), e.g. `body.items[0].name`; empty for the whole. */
  label: string;
  template: string;
  /** A short preview of the sample value. */
  sample?: string;
  type: ValueType;
}

/** Example data to walk: recent runs' values, or the catalog's sample outputs. */
export interface PickerSamples {
  trigger?: unknown;
  steps?: Readonly<Record<string, unknown>>;
}

/** What the template reads, as it will appear between the braces. */
export const expressionOf = (field: PickableField) => field.template.replace(/^\{\{\s*|\s*\}\}$/g, "");

export const PICKER_DEPTH = 4;
/** Per sample (the trigger's, each step's), so one large sample does not crowd out the rest. */
export const PICKER_LIMIT = 200;
const PREVIEW_CHARS = 80;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Literals JSONata will not take as a path step.
const LITERALS = new Set(["true", "false", "null"]);

/** A path step for `name`: backticks unless it is a plain identifier; undefined when no quoting can hold it. */
export function jsonataName(name: string): string | undefined {
  if (IDENTIFIER.test(name) && !LITERALS.has(name)) return name;
  // JSONata has no escape for a backtick inside a quoted name.
  return name.includes("`") ? undefined : `\`${name}\``;
}

function typeOf(value: unknown): ValueType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const t = typeof value;
  return t === "string" || t === "number" || t === "boolean" || t === "object" ? t : "unknown";
}

const counted = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function preview(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return `[${counted(value.length, "item")}]`;
  if (value && typeof value === "object") return `{${counted(Object.keys(value).length, "key")}}`;
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

interface Walk {
  origin: Pick<PickableField, "root" | "stepId">;
  out: PickableField[];
  left: number;
}

/** Depth-first, so a value's fields follow it; arrays by their first item. */
function walk(w: Walk, value: unknown, expr: string, label: string, depth: number): void {
  if (w.left <= 0) return;
  w.left--;
  w.out.push({ ...w.origin, label, template: `{{ ${expr} }}`, sample: preview(value), type: typeOf(value) });
  if (depth >= PICKER_DEPTH || !value || typeof value !== "object") return;
  if (Array.isArray(value)) {
    if (value.length) walk(w, value[0], `${expr}[0]`, `${label}[0]`, depth + 1);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (w.left <= 0) return;
    const name = jsonataName(key);
    if (name) walk(w, child, `${expr}.${name}`, label ? `${label}.${key}` : key, depth + 1);
  }
}

/** A value's fields from its sample; without one, only the value itself. */
function sampled(origin: Walk["origin"], expr: string, value: unknown): PickableField[] {
  if (value === undefined) return [{ ...origin, label: "", template: `{{ ${expr} }}`, type: "unknown" }];
  const w: Walk = { origin, out: [], left: PICKER_LIMIT };
  walk(w, value, expr, "", 0);
  return w.out;
}

const named = (root: PickerRoot, label: string, type: ValueType): PickableField => ({
  root,
  label,
  template: `{{ ${label ? `${root}.${label}` : root} }}`,
  type,
});

/**
 * Fields the step `stepId` may read, in the order the picker lists them: the trigger,
 * upstream steps in definition order, the forEach item, then the run and workflow.
 */
export function pickableFields(
  definition: Pick<WorkflowDefinition, "steps">,
  stepId: string,
  samples: PickerSamples = {},
): PickableField[] {
  const step = definition.steps.find((s) => s.id === stepId);
  const upstream = ancestors(definition.steps, stepId);
  const stepSample = (id: string) =>
    samples.steps && Object.hasOwn(samples.steps, id) ? samples.steps[id] : undefined;
  return [
    ...sampled({ root: "trigger" }, "trigger", samples.trigger),
    ...definition.steps
      .filter((s) => upstream.has(s.id))
      // Step ids (STEP_ID) hold no backtick, so they always quote.
      .flatMap((s) => sampled({ root: "steps", stepId: s.id }, `steps.${jsonataName(s.id)}.output`, stepSample(s.id))),
    ...(step?.forEach ? [named("item", "", "unknown"), named("index", "", "number")] : []),
    named("run", "id", "string"),
    named("run", "startedAt", "string"),
    named("workflow", "name", "string"),
  ];
}
