import { NonRetryableError, type IncomingEvent, type TriggerContext } from "@switchyard/connectors";
import { createTriggerStore, generateHookToken, hashToken, TriggerStateConflictError } from "@switchyard/db";
import { httpForConnection, type ConnectionDeps } from "../connections/http";
import type { StartRunArgs } from "../client";
import { appTriggerOf, type ProviderWebhookTrigger, type WorkflowDefinition } from "../definition/schema";
import { EventTooLargeError, type StoreRunOptions } from "../runs";
import { takeDelivery, type DeliveryDeps, type DeliveryTarget } from "./delivery";
import { triggerKeyOf } from "./key";
import { loggableError } from "../observability/loggable-error";

/** Marks a trigger configuration as registered with its provider; holds that configuration for onDisable. */
const REGISTRATION = "__registration";
/** Registering calls the provider's API; don't hold a user's request longer than this. */
const PROVIDER_TIMEOUT_MS = 30_000;

export type WebhookDeps = ConnectionDeps & DeliveryDeps;

/** Registering a provider webhook failed; the workflow cannot receive deliveries until it succeeds. */
export class TriggerRegistrationError extends Error {
  override name = "TriggerRegistrationError";
  constructor(
    message: string,
    /** `connection`: ours to fix (missing or unusable connection, bad inputs); `provider`: the provider refused or failed. */
    readonly fault: "connection" | "provider",
  ) {
    super(message);
  }
}

const providerWebhookOf = (definition: unknown): ProviderWebhookTrigger | undefined => {
  const t = appTriggerOf((definition as WorkflowDefinition).trigger);
  return t?.type === "webhook" ? t : undefined;
};

async function contextFor(
  deps: WebhookDeps,
  workspaceId: string,
  workflowId: string,
  t: ProviderWebhookTrigger,
  webhookUrl?: string,
) {
  const trigger = deps.registry.trigger(t.uses);
  if (trigger?.kind !== "webhook")
    throw new NonRetryableError(`"${t.uses}" is not a webhook trigger of this installation`);
  const slug = t.uses.split(".")[0]!;
  const { http, connection } = await httpForConnection(deps, workspaceId, slug, t.connection);
  const ctx: TriggerContext<unknown> = {
    props: trigger.props.parse(t.with ?? {}),
    http,
    connection,
    store: createTriggerStore(deps.db, deps.keyRing, { workflowId, triggerKey: triggerKeyOf(t) }),
    logger: deps.logger,
    signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    now: Date.now,
    webhookUrl,
  };
  return { trigger, ctx };
}

/** Removes one registration: onDisable (best effort: a provider that forgot it must not block this), then its state. */
async function unregister(
  deps: WebhookDeps,
  workspaceId: string,
  workflowId: string,
  triggerKey: string,
): Promise<void> {
  let uses: string | undefined;
  try {
    const config = await createTriggerStore(deps.db, deps.keyRing, {
      workflowId,
      triggerKey,
    }).get<ProviderWebhookTrigger>(REGISTRATION);
    uses = config?.uses;
    if (config) {
      const { trigger, ctx } = await contextFor(deps, workspaceId, workflowId, config);
      await trigger.onDisable?.(ctx);
    }
  } catch (err) {
    deps.logger.warn("could not unregister a provider webhook; remove it at the provider if it remains", {
      workflowId,
      trigger: uses,
      ...loggableError(err),
    });
  }
  await deps.db.triggerState.deleteMany({ where: { workflowId, triggerKey } });
}

/** A new `/hooks/<token>`: the old URL, which a provider may still know, stops working. */
async function rotateHookToken(deps: WebhookDeps, workflowId: string): Promise<string> {
  const token = generateHookToken();
  // A provider's registration gets a URL of its own; no earlier URL stays open beside it.
  await deps.db.workflow.update({
    where: { id: workflowId },
    data: { hookTokenHash: hashToken(token), previousHookTokenHash: null, previousHookTokenUntil: null },
  });
  return token;
}

/**
 * Makes the provider's webhook registrations match the workflow: while it is
 * enabled with a connector webhook trigger, that configuration is registered
 * (onEnable, with a fresh `/hooks/<token>` URL only the provider knows); any
 * other registration is removed (onDisable) and its URL retired. Serialised per
 * workflow, so concurrent saves and toggles cannot register twice or leave a
 * disabled workflow registered. Idempotent: call it after every save, enable
 * and disable. Returns the new token when a plain webhook got a fresh URL.
 * Throws TriggerRegistrationError when the registration fails; nothing is left
 * registered then.
 */
export async function syncProviderWebhook(
  deps: WebhookDeps,
  workflowId: string,
  publicUrl: string,
): Promise<{ hookToken?: string }> {
  return deps.db.$transaction(
    async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended(${`webhook-registration:${workflowId}`}, 0))`;
      const workflow = await deps.db.workflow.findUniqueOrThrow({
        where: { id: workflowId },
        select: {
          workspaceId: true,
          enabled: true,
          versions: { orderBy: { version: "desc" }, take: 1, select: { definition: true } },
        },
      });
      const definition = workflow.versions[0]?.definition;
      const desired = workflow.enabled && definition ? providerWebhookOf(definition) : undefined;
      const desiredKey = desired && triggerKeyOf(desired);
      const registered = await deps.db.triggerState.findMany({
        where: { workflowId, key: REGISTRATION },
        select: { triggerKey: true },
      });

      const stale = registered.filter((r) => r.triggerKey !== desiredKey);
      for (const { triggerKey } of stale) await unregister(deps, workflow.workspaceId, workflowId, triggerKey);
      if (!desired) {
        if (!stale.length) return {};
        const token = await rotateHookToken(deps, workflowId);
        // A plain webhook gets its new URL back; other triggers use none.
        return definition && !appTriggerOf((definition as WorkflowDefinition).trigger) ? { hookToken: token } : {};
      }
      if (registered.some((r) => r.triggerKey === desiredKey)) return {};
      await register(deps, workflow.workspaceId, workflowId, desired, publicUrl);
      return {};
    },
    { timeout: PROVIDER_TIMEOUT_MS * 3, maxWait: PROVIDER_TIMEOUT_MS * 3 },
  );
}

async function register(
  deps: WebhookDeps,
  workspaceId: string,
  workflowId: string,
  desired: ProviderWebhookTrigger,
  publicUrl: string,
): Promise<void> {
  const token = await rotateHookToken(deps, workflowId);
  let prepared: Awaited<ReturnType<typeof contextFor>>;
  try {
    prepared = await contextFor(deps, workspaceId, workflowId, desired, `${publicUrl}/hooks/${token}`);
  } catch (err) {
    throw new TriggerRegistrationError(
      `the ${desired.uses} webhook cannot be registered: ${(err as Error).message}`,
      "connection",
    );
  }
  // Recorded first, so a failure after the provider acted can still be undone by onDisable.
  await prepared.ctx.store.set(REGISTRATION, desired);
  try {
    await prepared.trigger.onEnable?.(prepared.ctx);
  } catch (err) {
    await unregister(deps, workspaceId, workflowId, triggerKeyOf(desired));
    await rotateHookToken(deps, workflowId);
    throw new TriggerRegistrationError(
      `registering the ${desired.uses} webhook failed: ${(err as Error).message}`,
      "provider",
    );
  }
}

export type WebhookOutcome =
  | { status: "refused"; reason: string }
  | { status: "unavailable"; reason: string }
  /** An item over `limits` as stored JSON; nothing was stored, so a redelivery meets the same. */
  | { status: "too_large"; error: EventTooLargeError }
  | { status: "accepted"; runs: StartRunArgs[] };

/**
 * A delivery to the `/hooks/<token>` URL of a workflow whose webhook trigger
 * is a connector's: the trigger verifies it (signatures) and turns it into
 * items, stored as queued runs; redeliveries store nothing new. Starting them
 * is the engine's (receiveProviderWebhook in engine/deliveries.ts).
 */
export async function takeProviderWebhook(
  deps: WebhookDeps,
  target: DeliveryTarget,
  request: IncomingEvent,
  limits: StoreRunOptions,
): Promise<WebhookOutcome> {
  const t = providerWebhookOf(target.version.definition);
  const trigger = t && deps.registry.trigger(t.uses);
  if (!t || !trigger?.parse)
    return { status: "refused", reason: "this workflow's trigger cannot read provider deliveries" };
  try {
    return {
      status: "accepted",
      runs: await takeDelivery(deps, { target, t, trigger, request, source: "webhook", limits }),
    };
  } catch (err) {
    if (err instanceof NonRetryableError) return { status: "refused", reason: err.message };
    if (err instanceof EventTooLargeError) return { status: "too_large", error: err };
    // Still contended after retries: the provider should redeliver, and dedupe makes that safe.
    if (err instanceof TriggerStateConflictError)
      return { status: "unavailable", reason: "the trigger is busy with other deliveries; deliver again" };
    throw err;
  }
}
