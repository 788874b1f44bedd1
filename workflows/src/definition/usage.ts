import type { WorkflowDefinition } from "./schema";

/** Connection names a definition's trigger and steps use (for "where used" and safe rename/delete). */
export const connectionsUsedBy = (definition: Pick<WorkflowDefinition, "steps"> & Partial<Pick<WorkflowDefinition, "trigger">>): Set<string> =>
  new Set([
    ...((definition.trigger?.type === "poll" || definition.trigger?.type === "event") && definition.trigger.connection ? [definition.trigger.connection] : []),
    ...definition.steps.flatMap((s) => (s.connection ? [s.connection] : [])),
  ]);
