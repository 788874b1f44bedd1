import {
  NonRetryableError,
  takeUnseen,
  type AppSettings,
  type HttpClient,
  type IncomingEvent,
  type Logger,
  type TriggerDefinition,
} from "@switchyard/connectors";
import {
  createBufferedTriggerStore,
  TriggerStateConflictError,
  type BufferedTriggerStore,
  type Db,
  type KeyRing,
} from "@switchyard/db";
import { z } from "zod";
import type { StartRunArgs } from "../client";
import type { AppTrigger } from "../definition/schema";
import { storeRun, type StoreRunOptions } from "../runs";
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

/** Concurrent deliveries to one trigger commit one at a time; a loser parses again against the winner's state. */
const MAX_ATTEMPTS = 3;

/**
 * One pushed delivery (an app event, a provider webhook) taken by one
 * workflow's trigger: parse() verifies and reads it, items already seen in the
 * trigger's state are dropped (providers redeliver), and the new ones become
 * queued runs in the same transaction as the updated state. When another
 * delivery commits first, this one is taken again on the new state, so two
 * different deliveries arriving together are both kept and a true redelivery
 * comes back empty. Throws NonRetryableError for a delivery that fails
 * verification or cannot be read; EventTooLargeError, storing nothing, for
 * an item over `limits`; TriggerStateConflictError only when the trigger
 * stays contended.
 */
export interface Delivery {
  target: DeliveryTarget;
  /** The workflow's trigger as defined, and the connector's trigger that reads it. */
  t: AppTrigger;
  trigger: TriggerDefinition;
  request: IncomingEvent;
  app?: AppSettings;
  source: "event" | "webhook";
  limits: StoreRunOptions;
}

export async function takeDelivery(deps: DeliveryDeps, delivery: Delivery): Promise<StartRunArgs[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await takeOnce(deps, delivery);
    } catch (err) {
      if (!(err instanceof TriggerStateConflictError) || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}

async function takeOnce(
  deps: DeliveryDeps,
  { target, t, trigger, request, app, source, limits }: Delivery,
): Promise<StartRunArgs[]> {
  const store = createBufferedTriggerStore(deps.db, deps.keyRing, {
    workflowId: target.workflowId,
    triggerKey: triggerKeyOf(t),
  });
  const parsed = await withTimeout(
    parseDelivery(trigger, {
      props: trigger.props.parse(t.with ?? {}),
      http: deps.http,
      store,
      logger: deps.logger,
      signal: AbortSignal.timeout(PARSE_TIMEOUT_MS),
      now: Date.now,
      app,
      request,
    }),
    PARSE_TIMEOUT_MS,
  );
  // Most deliveries concern other channels or events: no state to read for them.
  if (!parsed.length) return [];
  const fresh = await takeUnseen<object>(trigger, { store, logger: deps.logger }, parsed);
  // A redelivery: nothing to store, and its seen-window is unchanged.
  if (!fresh.length) return [];
  return storeTriggerRuns(deps.db, store, target, t.uses, fresh, source, limits);
}

/**
 * A trigger's new items as queued runs (`storeRun`), in one transaction with
 * the trigger's updated state: a crash stores both or neither, so an item is
 * never lost or started twice. Throws TriggerStateConflictError when another
 * poll or delivery committed this trigger's state first, and EventTooLargeError
 * (storing nothing) for an item over `limits`.
 */
export async function storeTriggerRuns(
  db: Db,
  store: BufferedTriggerStore,
  target: DeliveryTarget,
  uses: string,
  items: object[],
  source: "poll" | "event" | "webhook",
  limits: StoreRunOptions = {},
): Promise<StartRunArgs[]> {
  return db.$transaction(
    async (tx) => {
      await store.commit(tx);
      const stored: StartRunArgs[] = [];
      for (const item of items)
        stored.push(
          await storeRun(
            tx,
            {
              workspaceId: target.workspaceId,
              workflowId: target.workflowId,
              version: target.version,
              source,
              // A delivery reaches here only once its trigger (or its app) checked its signature.
              event: {
                source: uses,
                payload: item,
                ...(source === "poll" ? {} : { verification: "verified" as const }),
              },
            },
            limits,
          ),
        );
      return stored;
    },
    // Up to a poll's 500 runs.
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/** A delivery that is not JSON, or not the shape the trigger reads, is the sender's fault, not a server error. */
async function parseDelivery(
  trigger: TriggerDefinition,
  ctx: Parameters<NonNullable<TriggerDefinition["parse"]>>[0],
): Promise<unknown[]> {
  try {
    return await trigger.parse!(ctx);
  } catch (err) {
    if (err instanceof SyntaxError || err instanceof z.ZodError)
      throw new NonRetryableError(`the delivery is malformed: ${err.message}`);
    throw err;
  }
}

const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reading the delivery took longer than ${ms} ms`)), ms);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });
