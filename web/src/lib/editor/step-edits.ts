// Edits of a definition's steps, as the editor's commands make them. Pure: each returns
// a new definition (or a refusal), so undo can keep the old one as it is.
import {
  findCycle,
  selfAndDescendants,
  STEP_ID,
  type StepDefinition,
  type WorkflowDefinition,
} from "@switchyard/workflows/definition";

export type Edit = { ok: true; definition: WorkflowDefinition } | { ok: false; error: string };

/** "postMessage" → "post_message": a slug that templates can name without quoting. */
export function idBase(name: string): string {
  const slug = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^[^a-z]+|_+$/g, "");
  return (slug || "step").slice(0, 56);
}

/** `base`, else `base_2`, `base_3`… whichever is not taken. */
export function uniqueStepId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

const idsOf = (d: WorkflowDefinition) => new Set(d.steps.map((s) => s.id));

/** A new step of `uses`, after `parent` when one is given (and is a step). */
export function addStep(
  d: WorkflowDefinition,
  uses: string,
  parent?: string,
): { definition: WorkflowDefinition; id: string } {
  const id = uniqueStepId(idBase(uses.split(".")[1] ?? uses), idsOf(d));
  const needs = parent && d.steps.some((s) => s.id === parent) ? [parent] : [];
  const step: StepDefinition = { id, uses, needs, needsMode: "all", with: {}, continueOnError: false, concurrency: 10 };
  return { definition: { ...d, steps: [...d.steps, step] }, id };
}

/** Drops the steps and every need of them. */
export function removeSteps(d: WorkflowDefinition, ids: ReadonlySet<string>): WorkflowDefinition {
  return {
    ...d,
    steps: d.steps.filter((s) => !ids.has(s.id)).map((s) => ({ ...s, needs: s.needs.filter((n) => !ids.has(n)) })),
  };
}

export function updateStep(d: WorkflowDefinition, id: string, patch: Partial<StepDefinition>): WorkflowDefinition {
  return { ...d, steps: d.steps.map((s) => (s.id === id ? { ...s, ...patch } : s)) };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every string in a value with its `steps.<id>` reads renamed, all at once (so a swap of two ids holds). */
export function renameReads<T>(value: T, renames: ReadonlyMap<string, string>): T {
  if (!renames.size) return value;
  const ids = [...renames.keys()].sort((a, b) => b.length - a.length).map(escape);
  const pattern = new RegExp(`(^|[^A-Za-z0-9_.$])steps\\.(${ids.join("|")})(?![A-Za-z0-9_-])`, "g");
  const walk = (v: unknown): unknown => {
    if (typeof v === "string")
      return v.replace(pattern, (_, before: string, id: string) => `${before}steps.${renames.get(id)}`);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** A step with its templated parts' reads renamed. */
export const withReadsRenamed = (s: StepDefinition, renames: ReadonlyMap<string, string>): StepDefinition => ({
  ...s,
  with: renameReads(s.with, renames),
  ...(s.if === undefined ? {} : { if: renameReads(s.if, renames) }),
  ...(s.forEach === undefined ? {} : { forEach: renameReads(s.forEach, renames) }),
  ...(s.cache === undefined ? {} : { cache: renameReads(s.cache, renames) }),
  ...(s.incremental === undefined ? {} : { incremental: renameReads(s.incremental, renames) }),
});

/** Renames a step, and its id in others' needs and templates (`steps.<id>`). */
export function renameStep(d: WorkflowDefinition, from: string, to: string): Edit {
  if (to === from) return { ok: true, definition: d };
  if (!STEP_ID.test(to))
    return { ok: false, error: "a step id is lowercase letters, digits, - or _, starting with a letter" };
  if (d.steps.some((s) => s.id === to)) return { ok: false, error: `another step is already called "${to}"` };
  const renames = new Map([[from, to]]);
  const steps = d.steps.map((s) => ({
    ...withReadsRenamed(s, renames),
    id: s.id === from ? to : s.id,
    needs: s.needs.map((n) => (n === from ? to : n)),
  }));
  return { ok: true, definition: { ...d, steps } };
}

/** Steps `id` may run after: any but itself and the steps that (transitively) need it. */
export function possibleParents(d: WorkflowDefinition, id: string): string[] {
  const below = selfAndDescendants(d.steps, id);
  return d.steps.filter((s) => !below.has(s.id)).map((s) => s.id);
}

/** The "Runs after" choice: replaces `id`'s needs, refusing cycles and unknown steps. */
export function setNeeds(d: WorkflowDefinition, id: string, needs: readonly string[]): Edit {
  const known = idsOf(d);
  const unknown = needs.find((n) => !known.has(n));
  if (unknown) return { ok: false, error: `no step "${unknown}"` };
  const next = updateStep(d, id, { needs: [...new Set(needs)] });
  const cycle = findCycle(next.steps);
  if (cycle) return { ok: false, error: `dependency cycle ${[...cycle, cycle[0]].join(" → ")}` };
  return { ok: true, definition: next };
}
