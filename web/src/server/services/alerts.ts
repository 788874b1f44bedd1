// The alert feed: what the worker raised (failed and partly failed runs, runs that could not start,
// polling triggers that stopped working, connections that need reconnecting), each with where to fix it.
import type { Db, Prisma } from "@switchyard/db";
import type { AlertsQuery } from "../trpc/routers/alerts.schema";
import { newestFirst, paginate, type Page } from "./pagination";

export interface AlertFix {
  /** A path in the web app, computed here so the browser never guesses at an alert's details. */
  href: string;
  label: string;
}

export interface AlertView {
  id: string;
  kind: string;
  title: string;
  message: string;
  createdAt: string;
  read: boolean;
  runId: string | null;
  fix: AlertFix | null;
}

const alertSelect = {
  id: true,
  kind: true,
  title: true,
  message: true,
  details: true,
  createdAt: true,
  readAt: true,
  runId: true,
} as const satisfies Prisma.AlertSelect;
type AlertRow = Prisma.AlertGetPayload<{ select: typeof alertSelect }>;

const detail = (row: AlertRow, key: string): string | undefined => {
  const value = (row.details as Record<string, unknown> | null)?.[key];
  return typeof value === "string" && value ? value : undefined;
};

/** Where each kind is fixed: the run, the connection to reconnect, or the workflow whose trigger failed. */
export function fixOf(workspaceSlug: string, row: AlertRow): AlertFix | null {
  const base = `/w/${encodeURIComponent(workspaceSlug)}`;
  const connectionId = row.kind === "connection_needs_reauth" ? detail(row, "connectionId") : undefined;
  if (connectionId) return { href: `${base}/connections/${encodeURIComponent(connectionId)}`, label: "Reconnect" };
  if (row.runId) return { href: `${base}/runs/${encodeURIComponent(row.runId)}`, label: "Open run" };
  const workflow = detail(row, "workflow");
  if (workflow) return { href: `${base}/workflows/${encodeURIComponent(workflow)}`, label: "Open workflow" };
  return null;
}

const viewOf =
  (workspaceSlug: string) =>
  (row: AlertRow): AlertView => ({
    id: row.id,
    kind: row.kind,
    title: row.title,
    message: row.message,
    createdAt: row.createdAt.toISOString(),
    read: row.readAt !== null,
    runId: row.runId,
    fix: fixOf(workspaceSlug, row),
  });

/** Newest first; `unread` keeps only those nobody marked read. */
export async function listAlerts(db: Db, workspaceId: string, query: AlertsQuery): Promise<Page<AlertView>> {
  const { slug } = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { slug: true } });
  const filter: Prisma.AlertWhereInput = { workspaceId, ...(query.unread ? { readAt: null } : {}) };
  return paginate(
    query,
    ({ take, where }) =>
      db.alert.findMany({ where: { ...filter, ...where }, orderBy: newestFirst, take, select: alertSelect }),
    viewOf(slug),
  );
}

export function countUnreadAlerts(db: Db, workspaceId: string): Promise<number> {
  return db.alert.count({ where: { workspaceId, readAt: null } });
}

/**
 * Marks these alerts (or, without ids, every unread one up to now) read for the whole workspace.
 * Ids of another workspace's alerts match nothing.
 */
export async function markAlertsRead(
  db: Db,
  workspaceId: string,
  ids: string[] | undefined,
  now = new Date(),
): Promise<{ updated: number }> {
  const { count } = await db.alert.updateMany({
    where: { workspaceId, readAt: null, ...(ids ? { id: { in: ids } } : { createdAt: { lte: now } }) },
    data: { readAt: now },
  });
  return { updated: count };
}
