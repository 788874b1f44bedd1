import { classifyStartError, ensurePoller, startErrorMessage, wakePoller } from "../client";
import { putSchedule, removeSchedule, scheduleTriggerOf } from "../schedules";
import type { WorkflowDefinition } from "../definition/schema";
import { syncProviderWebhook, TriggerRegistrationError } from "../triggers/webhooks";
import type { EngineDeps } from "./deps";

/** A sync that could not make the trigger work disabled the workflow, so it never looks live while deaf. */
export type TriggerSync =
  /** `hookToken`: a plain webhook's new token, when its provider registration was just retired. */
  | { status: "synced"; hookToken?: string }
  /** An app-event trigger whose connection names no provider account: no event could reach the workflow. */
  | { status: "unroutable"; reason: string }
  /** Registering the provider webhook failed: `connection` is ours to fix, `provider` the provider's refusal or failure. */
  | { status: "unregistered"; fault: TriggerRegistrationError["fault"]; reason: string }
  /** Temporal refused the schedule (a time zone its server does not know, say). */
  | { status: "unscheduled"; reason: string };

/**
 * After a save, enable or disable, the workflow's trigger follows its latest
 * version: a connector webhook is registered with, or removed from, its
 * provider; then its poller polls now (or, woken, sees it should end).
 * `previous` is the definition a save replaced: a workflow that polled until
 * now may have a poller to end.
 */
export async function syncTriggers(
  deps: EngineDeps,
  workflowId: string,
  previous?: WorkflowDefinition,
): Promise<TriggerSync> {
  const workflow = await deps.db.workflow.findUniqueOrThrow({
    where: { id: workflowId },
    select: {
      enabled: true,
      workspaceId: true,
      schedulePaused: true,
      versions: { orderBy: { version: "desc" }, take: 1, select: { definition: true } },
    },
  });
  const definition = workflow.versions[0]?.definition as WorkflowDefinition | undefined;
  if (!definition) return { status: "synced" };
  const registered = await registerTrigger(deps, workflowId, workflow, definition);
  const synced =
    registered.status === "synced" && (definition.trigger.type === "schedule" || previous?.trigger.type === "schedule")
      ? ((await followSchedule(deps, workflowId, workflow, definition)) ?? registered)
      : registered;
  if (synced.status !== "synced") {
    await deps.db.workflow.update({ where: { id: workflowId }, data: { enabled: false } });
    return synced;
  }
  // Only a workflow that polls, or polled until now, can have a poller to start or end.
  if (definition.trigger.type === "poll" || previous?.trigger.type === "poll")
    await nudgePoller(deps, workflowId, workflow.enabled && definition.trigger.type === "poll");
  return synced;
}

async function registerTrigger(
  deps: EngineDeps,
  workflowId: string,
  { enabled, workspaceId }: { enabled: boolean; workspaceId: string },
  definition: WorkflowDefinition,
): Promise<TriggerSync> {
  if (enabled && definition.trigger.type === "event") {
    const reason = await unroutable(deps, workspaceId, definition.trigger.connection);
    if (reason) return { status: "unroutable", reason };
  }
  try {
    return { status: "synced", ...(await syncProviderWebhook(deps, workflowId, deps.publicUrl)) };
  } catch (err) {
    if (!(err instanceof TriggerRegistrationError)) throw err;
    return { status: "unregistered", fault: err.fault, reason: err.message };
  }
}

/**
 * The workflow's Temporal Schedule follows its trigger: put while enabled with a schedule trigger,
 * removed otherwise. Temporal out of reach is logged: the worker reconciles schedules when it
 * starts. A schedule Temporal refuses is the definition's fault, and keeps the workflow disabled.
 */
async function followSchedule(
  deps: EngineDeps,
  workflowId: string,
  { enabled, schedulePaused }: { enabled: boolean; schedulePaused: boolean },
  definition: WorkflowDefinition,
): Promise<TriggerSync | undefined> {
  const trigger = scheduleTriggerOf(enabled, definition);
  try {
    const engine = await deps.engineClient();
    if (trigger) await putSchedule(engine, { id: workflowId, trigger, paused: schedulePaused });
    else await removeSchedule(engine, workflowId);
  } catch (err) {
    if (classifyStartError(err) === "refused" || classifyStartError(err) === "unattributed")
      return { status: "unscheduled", reason: `Temporal refused the schedule: ${startErrorMessage(err)}` };
    deps.logger.warn("schedule not synced; the worker reconciles schedules when it starts", {
      workflowId,
      error: err instanceof Error ? err.message : String(err),
    });
  }
  return undefined;
}

/** App events are routed by the connection's provider account, recorded when it was connected through OAuth. */
async function unroutable(deps: EngineDeps, workspaceId: string, connectionName: string): Promise<string | undefined> {
  const connection = await deps.db.connection.findFirst({
    where: { workspaceId, name: connectionName },
    select: { status: true, metadata: true },
  });
  const account = (connection?.metadata as { account?: { id?: string } } | null)?.account?.id;
  if (connection?.status === "active" && account) return undefined;
  const why = connection
    ? "does not say which account it belongs to (connected before events were supported, or not active); reconnect it"
    : "does not exist in this workspace";
  return `connection "${connectionName}" ${why}`;
}

/** Best effort: the worker starts missing pollers when it starts, and an unwanted poller ends at its next poll. */
async function nudgePoller(deps: EngineDeps, workflowId: string, polls: boolean): Promise<void> {
  try {
    const client = await deps.engineClient();
    await (polls ? ensurePoller : wakePoller)(client, workflowId);
  } catch (err) {
    deps.logger.warn(
      "poller not reached; the worker starts missing pollers on its next start, and an unwanted poller ends at its next poll",
      { workflowId, error: err instanceof Error ? err.message : String(err) },
    );
  }
}
