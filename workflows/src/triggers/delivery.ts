import { takeUnseen, type AppSettings, type HttpClient, type IncomingEvent, type Logger, type TriggerDefinition } from "@switchyard/connectors";
import { createBufferedTriggerStore, type Db, type KeyRing } from "@switchyard/db";
import type { StartRunArgs } from "../client";
import type { AppTrigger } from "../definition/schema";
import { storeRun } from "../runs";
import { triggerKeyOf } from "./key";

export interface DeliveryDeps {
  db: Db;
  keyRing: KeyRing;
  /** Only handed to parse(): triggers read a delivery, they do not call out. */
  http: HttpClient;
  logger: Logger;
}

export interface DeliveryTarget {
  workflowId: string;
  workspaceId: string;
  version: { id: string; definition: unknown };
}

/** Providers answer slowly-answering endpoints with redeliveries; parsing must stay well inside their limits. */
const PARSE_TIMEOUT_MS = 2_000;

/**
 * One pushed delivery (an app event, a provider webhook) taken by one
 * workflow's trigger: parse() verifies and reads it, items already seen in the
 * trigger's state are dropped (providers redeliver), and the new ones become
 * queued runs in the same transaction as the updated state. Throws what
 * parse() throws, and TriggerStateConflictError when a concurrent redelivery won.
 */
export async function takeDelivery(
  deps: DeliveryDeps,
  target: DeliveryTarget,
  t: AppTrigger,
  trigger: TriggerDefinition,
  request: IncomingEvent,
  app: AppSettings | undefined,
  source: "event" | "webhook",
): Promise<StartRunArgs[]> {
  const store = createBufferedTriggerStore(deps.db, deps.keyRing, { workflowId: target.workflowId, triggerKey: triggerKeyOf(t) });
  const parsed = await trigger.parse!({ props: trigger.props.parse(t.with ?? {}), http: deps.http, store, logger: deps.logger, signal: AbortSignal.timeout(PARSE_TIMEOUT_MS), app, request });
  const fresh = await takeUnseen<object>(trigger, { store, logger: deps.logger }, parsed);
  if (!fresh.length) return [];
  return deps.db.$transaction(async (tx) => {
    await store.commit(tx);
    const stored: StartRunArgs[] = [];
    for (const item of fresh) stored.push(await storeRun(tx, { workspaceId: target.workspaceId, workflowId: target.workflowId, version: target.version, source, event: { source: t.uses, payload: item } }));
    return stored;
  });
}
