import {
  NonRetryableError,
  type AppSettings,
  type EventsEndpoint,
  type IncomingEvent,
  type OAuthClient,
  type Registry,
} from "@switchyard/connectors";
import type { StartRunArgs } from "../client";
import type { WorkflowDefinition } from "../definition/schema";
import { EventTooLargeError, type StoreRunOptions } from "../runs";
import { takeDelivery, type DeliveryDeps } from "./delivery";
import { loggableError } from "../observability/loggable-error";

export interface EventDeps extends DeliveryDeps {
  registry: Registry;
  oauthClients?: Readonly<Record<string, OAuthClient>>;
}

export type EventOutcome =
  | { status: "unknown_connector" }
  | { status: "refused"; reason: string }
  | { status: "challenge"; challenge: string }
  /** Not configured here, or a workflow could not take it for a reason that may pass: the provider should redeliver. */
  | { status: "unavailable"; reason: string; runs: StartRunArgs[] }
  /** A workflow's item from it is over `limits` as stored JSON, and was not stored; other workflows' runs were. */
  | { status: "too_large"; error: EventTooLargeError; runs: StartRunArgs[] }
  | { status: "accepted"; runs: StartRunArgs[] };

/**
 * An app-level event delivery (`POST /api/v1/events/<connector>`): verified with
 * the app's secret, then routed by its account (e.g. Slack team) to the enabled
 * workflows whose event trigger uses a connection to that account. Each
 * workflow's trigger parses it; new items (deduplicated per trigger, since
 * providers redeliver) become queued runs, stored with the trigger's state.
 * One workflow's failure to parse never keeps the delivery from the others.
 * Starting them is the engine's (receiveAppEvent in engine/deliveries.ts).
 */
export async function takeAppEvent(
  deps: EventDeps,
  connectorSlug: string,
  request: IncomingEvent,
  limits: StoreRunOptions,
): Promise<EventOutcome> {
  const verified = verifyDelivery(deps, connectorSlug, request);
  if ("status" in verified) return verified;
  const account = verified.events.accountOf(request);
  if (!account) return { status: "accepted", runs: [] };
  const subscribed = await subscribedWorkflows(deps, connectorSlug, account);
  return deliverToWorkflows(deps, subscribed, { connectorSlug, request, app: verified.app, limits });
}

/** The connector's events endpoint and app settings once the delivery is authentic, or what to answer instead. */
function verifyDelivery(
  deps: EventDeps,
  connectorSlug: string,
  request: IncomingEvent,
): { events: EventsEndpoint; app: AppSettings } | EventOutcome {
  const connector = deps.registry.connectors.find((c) => c.slug === connectorSlug);
  if (!connector?.events) return { status: "unknown_connector" };
  const signingSecret = deps.oauthClients?.[connectorSlug]?.signingSecret;
  // Our configuration gap, not the sender's fault: say so in the log, not to an unauthenticated caller.
  if (!signingSecret) {
    deps.logger.error("app event refused: no signing secret configured", {
      connector: connectorSlug,
      variable: "SWITCHYARD_OAUTH_CLIENTS",
    });
    return { status: "unavailable", reason: "events for this connector are not configured on this server", runs: [] };
  }
  const app: AppSettings = { signingSecret };
  try {
    connector.events.verify(app, request);
  } catch (err) {
    return { status: "refused", reason: (err as Error).message };
  }
  const challenge = connector.events.challenge?.(request);
  if (challenge !== undefined) return { status: "challenge", challenge };
  return { events: connector.events, app };
}

type Subscribed = Awaited<ReturnType<typeof subscribedWorkflows>>;

/** The account's active connections and the enabled workflows (latest version) of their workspaces. */
async function subscribedWorkflows(deps: EventDeps, connectorSlug: string, account: string) {
  const connections = await deps.db.connection.findMany({
    where: { connector: connectorSlug, status: "active", metadata: { path: ["account", "id"], equals: account } },
    select: { workspaceId: true, name: true },
  });
  // No connection, no workflow can use it: spare the workflow query.
  if (!connections.length) return { connections, workflows: [] };
  const workflows = await deps.db.workflow.findMany({
    where: { enabled: true, workspaceId: { in: [...new Set(connections.map((c) => c.workspaceId))] } },
    select: {
      id: true,
      slug: true,
      workspaceId: true,
      versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, definition: true } },
    },
  });
  return { connections, workflows };
}

/** Hands the delivery to each subscribed workflow whose event trigger takes it, and sums up their outcomes. */
async function deliverToWorkflows(
  deps: EventDeps,
  { connections, workflows }: Subscribed,
  delivery: { connectorSlug: string; request: IncomingEvent; app: AppSettings; limits: StoreRunOptions },
): Promise<EventOutcome> {
  const { connectorSlug, request, app, limits } = delivery;
  const runs: StartRunArgs[] = [];
  let unavailable: string | undefined;
  let tooLarge: EventTooLargeError | undefined;
  for (const workflow of workflows) {
    const version = workflow.versions[0];
    const t = (version?.definition as WorkflowDefinition | undefined)?.trigger;
    if (!version || t?.type !== "event" || !t.uses.startsWith(`${connectorSlug}.`)) continue;
    if (!connections.some((c) => c.workspaceId === workflow.workspaceId && c.name === t.connection)) continue;
    const trigger = deps.registry.trigger(t.uses);
    if (!trigger?.parse) continue;
    try {
      runs.push(
        ...(await takeDelivery(deps, {
          target: { workflowId: workflow.id, workspaceId: workflow.workspaceId, version },
          t,
          trigger,
          request,
          app,
          source: "event",
          limits,
        })),
      );
    } catch (err) {
      deps.logger.warn("event trigger could not take a delivery", {
        workflow: workflow.slug,
        trigger: t.uses,
        ...loggableError(err),
      });
      // A delivery this trigger refuses will not improve by redelivery; anything else (database, contention) may.
      if (err instanceof EventTooLargeError) tooLarge = err;
      else if (!(err instanceof NonRetryableError)) unavailable = (err as Error).message;
    }
  }
  // Runs already stored are kept; the redelivery finds their items seen. 503 wins over 413: a redelivery
  // may still bring a workflow its run, while an item too large stays too large.
  if (unavailable) return { status: "unavailable", reason: "a workflow could not take this delivery yet", runs };
  return tooLarge ? { status: "too_large", error: tooLarge, runs } : { status: "accepted", runs };
}
