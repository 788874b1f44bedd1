import { NonRetryableError, type IncomingEvent, type TriggerContext } from "@switchyard/connectors";
import { createTriggerStore, generateHookToken, hashToken, TriggerStateConflictError } from "@switchyard/db";
import { httpForConnection, workspaceHttp, type ConnectionDeps } from "../activities/connection";
import type { StartRunArgs } from "../client";
import { appTriggerOf, type ProviderWebhookTrigger, type WorkflowDefinition } from "../definition/schema";
import { takeDelivery, type DeliveryDeps, type DeliveryTarget } from "./delivery";
import { triggerKeyOf } from "./key";

/** Marks a trigger configuration as registered with its provider; holds that configuration for onDisable. */
const REGISTRATION = "__registration";
/** Registering calls the provider's API; don't hold a user's request longer than this. */
const PROVIDER_TIMEOUT_MS = 30_000;

export type WebhookDeps = ConnectionDeps & DeliveryDeps;

/** Registering a provider webhook failed; the workflow cannot receive deliveries until it succeeds. */
export class TriggerRegistrationError extends Error {
  override name = "TriggerRegistrationError";
}

const providerWebhookOf = (definition: unknown): ProviderWebhookTrigger | undefined => {
  const t = appTriggerOf((definition as WorkflowDefinition).trigger);
  return t?.type === "webhook" ? t : undefined;
};

async function contextFor(deps: WebhookDeps, workspaceId: string, workflowId: string, t: ProviderWebhookTrigger, webhookUrl?: string) {
  const trigger = deps.registry.trigger(t.uses);
  if (trigger?.kind !== "webhook") throw new NonRetryableError(`"${t.uses}" is not a webhook trigger of this installation`);
  const slug = t.uses.split(".")[0]!;
  const { http, connection } = t.connection ? await httpForConnection(deps, workspaceId, slug, t.connection) : { http: await workspaceHttp(deps, workspaceId), connection: undefined };
  const ctx: TriggerContext<unknown> = {
    props: trigger.props.parse(t.with ?? {}),
    http,
    connection,
    store: createTriggerStore(deps.db, deps.keyRing, { workflowId, triggerKey: triggerKeyOf(t) }),
    logger: deps.logger,
    signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    webhookUrl,
  };
  return { trigger, ctx };
}

/**
 * Makes the provider's webhook registrations match the workflow: while it is
 * enabled with a connector webhook trigger, that configuration is registered
 * (onEnable, with a fresh `/hooks/<token>` URL only the provider knows); any
 * other registration is removed (onDisable; a provider that already forgot it
 * does not block this). Idempotent: call it after every save, enable and disable.
 * Throws TriggerRegistrationError when the provider refuses the registration.
 */
export async function syncProviderWebhook(deps: WebhookDeps, workflowId: string, publicUrl: string): Promise<void> {
  const workflow = await deps.db.workflow.findUniqueOrThrow({
    where: { id: workflowId },
    select: { workspaceId: true, enabled: true, versions: { orderBy: { version: "desc" }, take: 1, select: { definition: true } } },
  });
  const desired = workflow.enabled && workflow.versions[0] ? providerWebhookOf(workflow.versions[0].definition) : undefined;
  const desiredKey = desired && triggerKeyOf(desired);
  const registered = await deps.db.triggerState.findMany({ where: { workflowId, key: REGISTRATION }, select: { triggerKey: true } });

  for (const { triggerKey } of registered.filter((r) => r.triggerKey !== desiredKey)) {
    const store = createTriggerStore(deps.db, deps.keyRing, { workflowId, triggerKey });
    const config = await store.get<ProviderWebhookTrigger>(REGISTRATION);
    try {
      if (config) {
        const { trigger, ctx } = await contextFor(deps, workflow.workspaceId, workflowId, config);
        await trigger.onDisable?.(ctx);
      }
    } catch (err) {
      deps.logger.warn("could not unregister a provider webhook; remove it at the provider if it remains", { workflowId, trigger: config?.uses, error: (err as Error).message });
    }
    await deps.db.triggerState.deleteMany({ where: { workflowId, triggerKey } });
  }

  if (!desired || registered.some((r) => r.triggerKey === desiredKey)) return;
  // The provider holds the only copy of this URL: a new token per registration.
  const token = generateHookToken();
  await deps.db.workflow.update({ where: { id: workflowId }, data: { hookTokenHash: hashToken(token) } });
  try {
    const { trigger, ctx } = await contextFor(deps, workflow.workspaceId, workflowId, desired, `${publicUrl}/hooks/${token}`);
    await trigger.onEnable?.(ctx);
    await ctx.store.set(REGISTRATION, desired);
  } catch (err) {
    throw new TriggerRegistrationError(`registering the ${desired.uses} webhook failed: ${(err as Error).message}`);
  }
}

export type WebhookOutcome = { status: "refused"; reason: string } | { status: "accepted"; runs: StartRunArgs[] };

/**
 * A delivery to the `/hooks/<token>` URL of a workflow whose webhook trigger
 * is a connector's: the trigger verifies it (signatures) and turns it into
 * items; redeliveries start nothing new.
 */
export async function receiveProviderWebhook(deps: WebhookDeps, target: DeliveryTarget, request: IncomingEvent): Promise<WebhookOutcome> {
  const t = providerWebhookOf(target.version.definition);
  const trigger = t && deps.registry.trigger(t.uses);
  if (!t || !trigger?.parse) return { status: "refused", reason: "this workflow's trigger cannot read provider deliveries" };
  try {
    return { status: "accepted", runs: await takeDelivery(deps, target, t, trigger, request, undefined, "webhook") };
  } catch (err) {
    if (err instanceof TriggerStateConflictError) return { status: "accepted", runs: [] };
    if (err instanceof NonRetryableError) return { status: "refused", reason: err.message };
    throw err;
  }
}
