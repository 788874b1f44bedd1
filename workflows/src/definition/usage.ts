import { appTriggerOf, type WorkflowDefinition } from "./schema";

/** Connection names a definition's trigger and steps use (for "where used" and safe rename/delete). */
export function connectionsUsedBy(
  definition: Pick<WorkflowDefinition, "steps"> & Partial<Pick<WorkflowDefinition, "trigger">>,
): Set<string> {
  const trigger = definition.trigger && appTriggerOf(definition.trigger);
  return new Set([
    ...(trigger?.connection ? [trigger.connection] : []),
    ...definition.steps.flatMap((s) => (s.connection ? [s.connection] : [])),
  ]);
}
