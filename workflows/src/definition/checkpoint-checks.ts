import type { StepDefinition } from "./schema";

/** The operation of a checkpoint step. */
export const CHECKPOINT = "core.checkpoint";

/**
 * What a checkpoint's definition can be wrong about beyond its props' schema, found at save
 * rather than when a run reaches it: a checkpoint decides once, so it cannot fan out, and an
 * editable field must name the input of a single step that waits for it.
 */
export function checkpointErrors(step: StepDefinition, index: number, steps: StepDefinition[]) {
  if (step.uses !== CHECKPOINT) return [];
  const at = (suffix: string) => `$.steps[${index}]${suffix}`;
  const errors: { path: string; message: string }[] = [];
  if (step.forEach) errors.push({ path: at(".forEach"), message: "a checkpoint decides once: it cannot have forEach" });
  const editable = Array.isArray(step.with.editable) ? step.with.editable : [];
  editable.forEach((field: unknown, j) => {
    const name = (field as { field?: unknown } | null)?.field;
    if (typeof name !== "string") return;
    const target = steps.find((s) => s.id === name.split(".")[0]);
    const path = at(`.with.editable[${j}].field`);
    if (!target?.needs.includes(step.id))
      errors.push({ path, message: `"${name}" must name an input of a step that needs "${step.id}"` });
    else if (target.forEach)
      errors.push({ path, message: `"${target.id}" runs once per item (forEach): its inputs cannot be edited here` });
  });
  return errors;
}
