import type { Registry } from "@switchyard/connectors";
import type { StepDefinition } from "./schema";

interface MemoryError {
  path: string;
  message: string;
}

/** What `cache` and `incremental` ask of a step: a result worth remembering, or a fan-out to remember items of. */
export function stepMemoryErrors(step: StepDefinition, i: number, registry: Registry): MemoryError[] {
  const errors: MemoryError[] = [];
  if (step.cache !== undefined) {
    const at = `$.steps[${i}].cache`;
    const effect = registry.effectOf(step.uses, step.with);
    if (step.forEach)
      errors.push({
        path: at,
        message: "cache does not apply to forEach steps; use incremental to skip the items already processed",
      });
    else if (effect === "write")
      errors.push({
        path: at,
        message:
          `"${step.uses}" changes something outside Switchyard, so its result cannot be cached (only read and ` +
          "compute operations can); to skip repeated writes, use forEach with incremental, or rely on the step's idempotency key",
      });
  }
  if (step.incremental !== undefined) {
    const at = `$.steps[${i}].incremental`;
    if (!step.forEach)
      errors.push({ path: at, message: "incremental applies to forEach steps: add forEach, or remove incremental" });
    else if (step.uses.startsWith("core."))
      errors.push({
        path: at,
        message: `incremental applies to forEach steps of connector operations, not to ${step.uses}`,
      });
  }
  return errors;
}

/** The memory settings' templates, where validation checks them like the step's own. */
export function stepMemoryTemplates(step: StepDefinition): { value: unknown; path: string[] }[] {
  const found: { value: unknown; path: string[] }[] = [];
  if (typeof step.cache === "object" && step.cache.key) found.push({ value: step.cache.key, path: ["cache", "key"] });
  if (step.incremental) {
    found.push({ value: step.incremental.key, path: ["incremental", "key"] });
    if (step.incremental.version) found.push({ value: step.incremental.version, path: ["incremental", "version"] });
  }
  return found;
}
