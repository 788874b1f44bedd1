// Reading the audit log: newest first, filtered, one workspace's entries only.
import type { Db, Prisma } from "@switchyard/db";
import type { AuditQuery } from "../trpc/routers/audit.schema";
import { newestFirst, paginate, type Page } from "./pagination";

export interface AuditEntryView {
  id: string;
  createdAt: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  targetLabel: string | null;
  details: Prisma.JsonValue;
}

type AuditRow = Prisma.AuditEntryGetPayload<true>;

const view = ({ workspaceId: _w, createdAt, ...entry }: AuditRow): AuditEntryView => ({
  ...entry,
  createdAt: createdAt.toISOString(),
});

function filterOf(workspaceId: string, q: AuditQuery): Prisma.AuditEntryWhereInput {
  return {
    workspaceId,
    ...(q.action ? { action: q.action } : {}),
    ...(q.actor ? { actorLabel: { contains: q.actor, mode: "insensitive" } } : {}),
    ...(q.targetType ? { targetType: q.targetType } : {}),
    ...(q.from || q.to ? { createdAt: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) } } : {}),
  };
}

export function listAudit(db: Db, workspaceId: string, query: AuditQuery): Promise<Page<AuditEntryView>> {
  const filter = filterOf(workspaceId, query);
  return paginate(
    query,
    // The cursor's own createdAt bound sits beside the date range, so both hold.
    ({ take, where }) => db.auditEntry.findMany({ where: { AND: [filter, where] }, orderBy: newestFirst, take }),
    view,
  );
}

/** The actions this workspace's log holds, for the filter's choices. */
export async function auditActions(db: Db, workspaceId: string): Promise<string[]> {
  const groups = await db.auditEntry.groupBy({ by: ["action"], where: { workspaceId }, orderBy: { action: "asc" } });
  return groups.map((g) => g.action);
}
