import type { ActivityDeps } from "./deps";

/**
 * Emails an alert to its workspace's recipients, once. Plain async, so the
 * worker's relay emails the runs it gives up on the same way the notifyAlert
 * activity does for failed runs.
 */
export async function emailAlert(
  { db, logger, notifier }: Pick<ActivityDeps, "db" | "logger" | "notifier">,
  alertId: string,
): Promise<void> {
  const alert = await db.alert.findUniqueOrThrow({
    where: { id: alertId },
    select: {
      title: true,
      message: true,
      runId: true,
      notifiedAt: true,
      details: true,
      workspace: { select: { alertEmails: true } },
    },
  });
  if (alert.notifiedAt || !alert.workspace.alertEmails.length) return;
  if (!notifier) {
    logger.warn("alert not emailed: no mail server configured (SMTP_URL)", { alertId });
    return;
  }
  const workflow = String((alert.details as { workflow?: string } | null)?.workflow ?? "");
  await notifier.email(alert.workspace.alertEmails, {
    title: alert.title,
    message: alert.message,
    runId: alert.runId,
    workflow,
  });
  await db.alert.update({ where: { id: alertId }, data: { notifiedAt: new Date() } });
}

export function createNotifyAlertActivities(deps: ActivityDeps) {
  return {
    /** Sends an alert to the workspace's recipients, once (its own retries keep mail outages off the run record). */
    async notifyAlert({ alertId }: { alertId: string }): Promise<void> {
      await emailAlert(deps, alertId);
    },
  };
}
