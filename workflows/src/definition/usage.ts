import type { WorkflowDefinition } from "./schema";

/** Connection names a definition's steps use (for "where used" and safe rename/delete). */
export const connectionsUsedBy = (definition: Pick<WorkflowDefinition, "steps">): Set<string> =>
  new Set(definition.steps.flatMap((s) => (s.connection ? [s.connection] : [])));
