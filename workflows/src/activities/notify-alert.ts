import type { Prisma } from "@switchyard/db";
import { postSlackAlert } from "../notify/alert-slack";
import type { ActivityDeps } from "./deps";

type AlertDeps = Omit<ActivityDeps, "checkpointChannels" | "databasePatienceMs">;

/** What went out already, kept in the alert's details so a retry sends only what failed. */
interface Delivered {
  email?: string;
  slack?: { channel: string; ts: string };
}

async function loadAlert(deps: AlertDeps, alertId: string) {
  const alert = await deps.db.alert.findUniqueOrThrow({
    where: { id: alertId },
    select: {
      workspaceId: true,
      title: true,
      message: true,
      runId: true,
      notifiedAt: true,
      details: true,
      workspace: { select: { slug: true, alertEmails: true, alertSlackConnectionId: true, alertSlackChannel: true } },
    },
  });
  const details = (alert.details ?? {}) as { workflow?: string; delivered?: Delivered };
  return { ...alert, details, delivered: details.delivered ?? {} };
}
type LoadedAlert = Awaited<ReturnType<typeof loadAlert>>;

async function emailAlert(deps: AlertDeps, alert: LoadedAlert): Promise<Delivered["email"]> {
  if (!deps.notifier) {
    deps.logger.warn("alert not emailed: no mail server configured (SMTP_URL)", { runId: alert.runId });
    return undefined;
  }
  await deps.notifier.email(alert.workspace.alertEmails, {
    title: alert.title,
    message: alert.message,
    runId: alert.runId,
    workflow: String(alert.details.workflow ?? ""),
  });
  return new Date().toISOString();
}

function slackAlert(deps: AlertDeps, alert: LoadedAlert, connectionId: string, channel: string) {
  const base = deps.publicUrl?.replace(/\/+$/, "");
  const runUrl = base && alert.runId ? `${base}/w/${alert.workspace.slug}/runs/${alert.runId}` : null;
  return postSlackAlert(deps, { workspaceId: alert.workspaceId, connectionId, channel }, { ...alert, runUrl });
}

/**
 * Sends an alert to its workspace's recipients, once each: the emails and the Slack channel.
 * One failing does not hold the other back; the failure is thrown after both were tried, and
 * a retry sends only what has not gone out. Plain async, so the worker's relay delivers the
 * runs it gives up on the same way the notifyAlert activity does for failed runs.
 */
export async function deliverAlert(deps: AlertDeps, alertId: string): Promise<void> {
  const alert = await loadAlert(deps, alertId);
  if (alert.notifiedAt) return;
  const { alertEmails, alertSlackConnectionId, alertSlackChannel } = alert.workspace;
  const delivered: Delivered = { ...alert.delivered };
  const failures: unknown[] = [];
  const attempt = async <K extends keyof Delivered>(key: K, send: () => Promise<Delivered[K]>) => {
    if (delivered[key]) return;
    try {
      const done = await send();
      if (done) delivered[key] = done;
    } catch (err) {
      failures.push(err);
    }
  };
  if (alertSlackConnectionId && alertSlackChannel)
    await attempt("slack", () => slackAlert(deps, alert, alertSlackConnectionId, alertSlackChannel));
  if (alertEmails.length) await attempt("email", () => emailAlert(deps, alert));
  const sentAny = Object.keys(delivered).length > 0;
  if (!sentAny && !failures.length) return;
  await deps.db.alert.update({
    where: { id: alertId },
    data: {
      details: { ...alert.details, delivered } as unknown as Prisma.InputJsonObject,
      ...(failures.length ? {} : { notifiedAt: new Date() }),
    },
  });
  if (failures.length) throw failures[0];
}

export function createNotifyAlertActivities(deps: ActivityDeps) {
  return {
    /** Sends an alert to the workspace's recipients, once (its own retries keep outages off the run record). */
    async notifyAlert({ alertId }: { alertId: string }): Promise<void> {
      await deliverAlert(deps, alertId);
    },
  };
}
