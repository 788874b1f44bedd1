import { z } from "zod";
import type { Registry } from "./registry";

/**
 * Actions that could take over a manual task: those whose output has every field the task's form
 * asks for, so the steps after the task read the same names. `core.*` operations are left out,
 * since they do no work a person did.
 */
export function actionsReplacingTask(registry: Registry, formFields: readonly string[]): string[] {
  if (!formFields.length) return [];
  return registry.connectors
    .filter((c) => c.slug !== "core")
    .flatMap((c) =>
      c.actions
        .filter((a) => {
          const output = a.output;
          return output instanceof z.ZodObject && formFields.every((f) => Object.hasOwn(output.shape, f));
        })
        .map((a) => `${c.slug}.${a.name}`),
    );
}
