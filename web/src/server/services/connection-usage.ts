// Where connections are used: workflows whose latest version names one in a step or in its trigger.
// Definitions refer to connections by name, so this is what a rename or a delete would break.
import type { Db } from "@switchyard/db";
import type { WorkflowDefinition } from "@switchyard/workflows/definition";
import { connectionsUsedBy } from "@switchyard/workflows/engine";

export interface UsedBy {
  slug: string;
  name: string;
  enabled: boolean;
  version: number;
}

/** Connection name → the workflows using it, from one read of the workspace's latest versions. */
export async function usageByConnection(db: Db, workspaceId: string): Promise<Map<string, UsedBy[]>> {
  const workflows = await db.workflow.findMany({
    where: { workspaceId },
    orderBy: { slug: "asc" },
    select: {
      slug: true,
      name: true,
      enabled: true,
      versions: { orderBy: { version: "desc" }, take: 1, select: { version: true, definition: true } },
    },
  });
  const usage = new Map<string, UsedBy[]>();
  for (const w of workflows) {
    const v = w.versions[0];
    if (!v) continue;
    for (const name of connectionsUsedBy(v.definition as WorkflowDefinition)) {
      const used = { slug: w.slug, name: w.name, enabled: w.enabled, version: v.version };
      usage.set(name, [...(usage.get(name) ?? []), used]);
    }
  }
  return usage;
}
