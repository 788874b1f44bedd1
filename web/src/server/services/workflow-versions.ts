import type { Db } from "@switchyard/db";
import type { WorkflowDefinition } from "@switchyard/workflows/definition";
import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { ApiError } from "../http/errors";
import { applyWorkflow, workflowIdOf, type ApplyResult } from "./workflows";

export interface VersionSummary {
  version: number;
  createdAt: string;
  /** Who saved it, as the audit log names them; null when the log has no entry (saved before it was kept). */
  savedBy: string | null;
}

export interface VersionView extends VersionSummary {
  definition: WorkflowDefinition;
}

/** The audit actions whose entries say who made a version (their details hold its number). */
const VERSION_ACTIONS = ["workflow.create", "workflow.save"];

async function saversOf(db: Db, workspaceId: string, workflowId: string): Promise<Map<number, string>> {
  const entries = await db.auditEntry.findMany({
    where: { workspaceId, targetType: "workflow", targetId: workflowId, action: { in: VERSION_ACTIONS } },
    select: { actorLabel: true, details: true },
  });
  return new Map(
    entries.flatMap((e) => {
      const version = (e.details as { version?: unknown } | null)?.version;
      return typeof version === "number" ? [[version, e.actorLabel] as const] : [];
    }),
  );
}

/** Every version of a workflow, newest first. */
export async function listVersions(db: Db, workspaceId: string, slug: string): Promise<VersionSummary[]> {
  const workflowId = await workflowIdOf(db, workspaceId, slug);
  const [versions, savers] = await Promise.all([
    db.workflowVersion.findMany({
      where: { workflowId },
      orderBy: { version: "desc" },
      select: { version: true, createdAt: true },
    }),
    saversOf(db, workspaceId, workflowId),
  ]);
  return versions.map((v) => ({
    version: v.version,
    createdAt: v.createdAt.toISOString(),
    savedBy: savers.get(v.version) ?? null,
  }));
}

export async function getVersion(db: Db, workspaceId: string, slug: string, version: number): Promise<VersionView> {
  const workflowId = await workflowIdOf(db, workspaceId, slug);
  const row = await db.workflowVersion.findUnique({
    where: { workflowId_version: { workflowId, version } },
    select: { version: true, createdAt: true, definition: true },
  });
  if (!row) throw new ApiError(404, "not_found", `Workflow "${slug}" has no version ${version}.`);
  return {
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    savedBy: (await saversOf(db, workspaceId, workflowId)).get(version) ?? null,
    definition: row.definition as WorkflowDefinition,
  };
}

/**
 * Saves an old version's definition as the newest version (history is never rewritten). Restoring
 * the version that is already the newest adds nothing and answers it, as any unchanged save does.
 */
export async function restoreVersion(
  s: Services,
  caller: ApiCaller,
  slug: string,
  version: number,
): Promise<ApplyResult> {
  const { definition } = await getVersion(s.db, caller.workspaceId, slug, version);
  // The save's own entry, in its transaction, says which version it restores; an unchanged save writes none.
  return applyWorkflow(s, caller, slug, definition, { restoredFrom: version });
}
