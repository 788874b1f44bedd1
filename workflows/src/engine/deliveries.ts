import type { IncomingEvent } from "@switchyard/connectors";
import type { StartRunArgs } from "../client";
import type { StoreRunOptions } from "../runs";
import type { DeliveryTarget } from "../triggers/delivery";
import { takeAppEvent, type EventOutcome } from "../triggers/events";
import { takeProviderWebhook, type WebhookOutcome } from "../triggers/webhooks";
import { handOver } from "../dispatch";
import type { EngineDeps } from "./deps";

/** A delivery's outcome once the runs it stored are handed over (handOver): they remain as their ids. */
export type Receipt<O> = O extends { runs: StartRunArgs[] } ? Omit<O, "runs"> & { runs: string[] } : O;

async function dispatched<O extends object>(deps: EngineDeps, outcome: O): Promise<Receipt<O>> {
  if (!("runs" in outcome)) return outcome as Receipt<O>;
  const runs = outcome.runs as StartRunArgs[];
  await handOver(deps, runs);
  return { ...outcome, runs: runs.map((r) => r.runId) } as Receipt<O>;
}

/** `POST /hooks/<token>` of a workflow whose trigger is a connector's webhook: read by that trigger (takeProviderWebhook), and its new items started as runs. */
export async function receiveProviderWebhook(
  deps: EngineDeps,
  target: DeliveryTarget,
  request: IncomingEvent,
  limits: StoreRunOptions,
): Promise<Receipt<WebhookOutcome>> {
  return dispatched(deps, await takeProviderWebhook(deps, target, request, limits));
}

/** `POST /api/v1/events/<connector>`: an app event routed to the workflows it concerns (takeAppEvent), whose new items start as runs, including those stored before a failure. */
export async function receiveAppEvent(
  deps: EngineDeps,
  connectorSlug: string,
  request: IncomingEvent,
  limits: StoreRunOptions,
): Promise<Receipt<EventOutcome>> {
  return dispatched(deps, await takeAppEvent(deps, connectorSlug, request, limits));
}
