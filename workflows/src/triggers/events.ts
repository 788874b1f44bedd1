import type { AppSettings, IncomingEvent, OAuthClient, Registry } from "@switchyard/connectors";
import { TriggerStateConflictError } from "@switchyard/db";
import type { StartRunArgs } from "../client";
import type { WorkflowDefinition } from "../definition/schema";
import { takeDelivery, type DeliveryDeps } from "./delivery";

export interface EventDeps extends DeliveryDeps {
  registry: Registry;
  oauthClients?: Readonly<Record<string, OAuthClient>>;
}

export type EventOutcome =
  | { status: "unknown_connector" }
  | { status: "refused"; reason: string }
  | { status: "challenge"; challenge: string }
  | { status: "accepted"; runs: StartRunArgs[] };

/**
 * An app-level event delivery (`POST /api/v1/events/<connector>`): verified with
 * the app's secret, then routed by its account (e.g. Slack team) to the enabled
 * workflows whose event trigger uses a connection to that account. Each
 * workflow's trigger parses it; new items (deduplicated per trigger, since
 * providers redeliver) become queued runs, stored with the trigger's state.
 * One workflow's failure to parse never keeps the delivery from the others.
 */
export async function receiveAppEvent(deps: EventDeps, connectorSlug: string, request: IncomingEvent): Promise<EventOutcome> {
  const connector = deps.registry.connectors.find((c) => c.slug === connectorSlug);
  if (!connector?.events) return { status: "unknown_connector" };
  const signingSecret = deps.oauthClients?.[connectorSlug]?.signingSecret;
  const app: AppSettings | undefined = signingSecret ? { signingSecret } : undefined;
  try {
    connector.events.verify(app, request);
  } catch (err) {
    return { status: "refused", reason: (err as Error).message };
  }
  const challenge = connector.events.challenge?.(request);
  if (challenge !== undefined) return { status: "challenge", challenge };

  const account = connector.events.accountOf(request);
  if (!account) return { status: "accepted", runs: [] };
  const connections = await deps.db.connection.findMany({
    where: { connector: connectorSlug, status: "active", metadata: { path: ["account", "id"], equals: account } },
    select: { workspaceId: true, name: true },
  });
  if (!connections.length) return { status: "accepted", runs: [] };
  const workflows = await deps.db.workflow.findMany({
    where: { enabled: true, workspaceId: { in: [...new Set(connections.map((c) => c.workspaceId))] } },
    select: { id: true, slug: true, workspaceId: true, versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, definition: true } } },
  });

  const runs: StartRunArgs[] = [];
  for (const workflow of workflows) {
    const version = workflow.versions[0];
    const t = (version?.definition as WorkflowDefinition | undefined)?.trigger;
    if (!version || t?.type !== "event" || !t.uses.startsWith(`${connectorSlug}.`)) continue;
    if (!connections.some((c) => c.workspaceId === workflow.workspaceId && c.name === t.connection)) continue;
    const trigger = deps.registry.trigger(t.uses);
    if (!trigger?.parse) continue;
    try {
      runs.push(...(await takeDelivery(deps, { workflowId: workflow.id, workspaceId: workflow.workspaceId, version }, t, trigger, request, app, "event")));
    } catch (err) {
      // A redelivery racing the first delivery lost: its items are already stored.
      if (err instanceof TriggerStateConflictError) continue;
      deps.logger.warn("event trigger could not take a delivery", { workflow: workflow.slug, trigger: t.uses, error: (err as Error).message });
    }
  }
  return { status: "accepted", runs };
}
