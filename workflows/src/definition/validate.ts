import type { Registry } from "@switchyard/connectors";
import { findCycle } from "./graph";
import { definitionSchema, type WorkflowDefinition } from "./schema";

export interface ValidationError {
  /** JSON path into the definition, e.g. `$.steps[2].needs[0]`. */
  path: string;
  message: string;
}

export type ValidationResult = { ok: true; definition: WorkflowDefinition } | { ok: false; errors: ValidationError[] };

function toJsonPath(path: readonly PropertyKey[]): string {
  return "$" + path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}

/** Returns every problem at once, each with its JSON path, so users fix them in one pass. */
export function validateDefinition(input: unknown, registry: Registry): ValidationResult {
  const parsed = definitionSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => ({ path: toJsonPath(i.path), message: i.message })) };
  }
  const definition = parsed.data;
  const errors: ValidationError[] = [];
  const firstIndex = new Map<string, number>();

  definition.steps.forEach((step, i) => {
    const prior = firstIndex.get(step.id);
    if (prior === undefined) firstIndex.set(step.id, i);
    else errors.push({ path: `$.steps[${i}].id`, message: `duplicate step id "${step.id}" (first used by $.steps[${prior}])` });
  });

  definition.steps.forEach((step, i) => {
    step.needs.forEach((need, j) => {
      if (!firstIndex.has(need)) errors.push({ path: `$.steps[${i}].needs[${j}]`, message: `unknown step "${need}"` });
      else if (need === step.id) errors.push({ path: `$.steps[${i}].needs[${j}]`, message: `step "${step.id}" cannot need itself` });
    });
    const action = registry.action(step.uses);
    if (!action) {
      errors.push({ path: `$.steps[${i}].uses`, message: `unknown operation "${step.uses}"` });
      return;
    }
    const props = action.props.safeParse(step.with);
    if (!props.success) {
      for (const issue of props.error.issues) {
        errors.push({ path: toJsonPath(["steps", i, "with", ...issue.path]), message: issue.message });
      }
    }
  });

  const cycle = findCycle(definition.steps.filter((s) => !s.needs.includes(s.id)));
  if (cycle) {
    const at = firstIndex.get(cycle[0]!) ?? 0;
    errors.push({ path: `$.steps[${at}].needs`, message: `dependency cycle: ${[...cycle, cycle[0]].join(" → ")}` });
  }

  return errors.length ? { ok: false, errors } : { ok: true, definition };
}
