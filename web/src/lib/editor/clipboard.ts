// Copy and paste of steps. A copy keeps the needs among the copied steps and drops the
// rest, so pasted steps form the same little graph and hang from the trigger where it was cut.
import type { StepDefinition, WorkflowDefinition } from "@switchyard/workflows/definition";
import { uniqueStepId, withReadsRenamed } from "./step-edits";

/** What a copy holds: the steps, in definition order, with needs outside the selection dropped. */
export function copySteps(d: WorkflowDefinition, ids: ReadonlySet<string>): StepDefinition[] {
  return d.steps
    .filter((s) => ids.has(s.id))
    .map((s) => ({ ...structuredClone(s), needs: s.needs.filter((n) => ids.has(n)) }));
}

/** Adds copied steps under fresh ids (`send`, `send_2`…), their needs and reads of each other renamed along. */
export function pasteSteps(
  d: WorkflowDefinition,
  copied: readonly StepDefinition[],
): { definition: WorkflowDefinition; ids: string[] } {
  const taken = new Set(d.steps.map((s) => s.id));
  const fresh = new Map<string, string>();
  for (const s of copied) {
    const id = uniqueStepId(s.id.replace(/_\d+$/, ""), taken);
    taken.add(id);
    fresh.set(s.id, id);
  }
  const pasted = copied.map((s) => ({
    ...withReadsRenamed(structuredClone(s), fresh),
    id: fresh.get(s.id)!,
    needs: s.needs.flatMap((n) => (fresh.has(n) ? [fresh.get(n)!] : [])),
  }));
  return { definition: { ...d, steps: [...d.steps, ...pasted] }, ids: pasted.map((s) => s.id) };
}
