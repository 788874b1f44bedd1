import { Context } from "@temporalio/activity";
import { HttpError, NonRetryableError, pollNewItems, type TriggerDefinition } from "@switchyard/connectors";
import {
  createBufferedTriggerStore,
  createTriggerStore,
  TriggerStateConflictError,
  type BufferedTriggerStore,
  type KeyRing,
  type TriggerScope,
} from "@switchyard/db";
import { toMs, type PollTrigger, type WorkflowDefinition } from "../definition/schema";
import type { PollResult } from "../interpreter/contract";
import { dispatchOrLeaveToRelay } from "../dispatch";
import type { StartRunArgs } from "../client";
import { eventTooLarge, MAX_RUN_INPUT_BYTES } from "../runs";
import { storeTriggerRuns } from "../triggers/delivery";
import { triggerKeyOf } from "../triggers/key";
import type { ActivityDeps } from "./deps";
import { httpForConnection } from "../connections/http";
import { loggableError } from "../observability/loggable-error";

/** Most runs one poll starts; a backlog is worked off over the following polls. */
export const MAX_ITEMS_PER_POLL = 500;
const HEARTBEAT_EVERY_MS = 10_000;

/** Consecutive failures, kept in the trigger's state so an outage alerts once, not every poll. */
const HEALTH = "__health";
interface Health {
  failures: number;
  since: string;
  lastError: string;
}

/** A workflow's polling trigger as its current version defines it: what one poll works from. */
interface PollTarget {
  workflow: { slug: string; workspaceId: string };
  version: { id: string; definition: unknown };
  t: PollTrigger;
  scope: TriggerScope;
  everyMs: number;
  keyRing: KeyRing;
}

type SkippedItem = { bytes: number; key?: string };

/**
 * One poll of a workflow's polling trigger: new items become queued runs,
 * stored in one transaction with the trigger's new cursor (a crash repeats the
 * poll, never loses or doubles an item), then started. Reads the current
 * definition each time, so edits and disabling take effect on the next poll.
 */
export function createPollActivities(deps: ActivityDeps) {
  return {
    async pollTrigger({ workflowId }: { workflowId: string }): Promise<PollResult> {
      const target = await loadPollTarget(deps, workflowId);
      if ("stop" in target) return target;
      const ctx = Context.current();
      const heartbeat = setInterval(() => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        return await pollOnce(deps, target, ctx);
      } finally {
        clearInterval(heartbeat);
      }
    },
  };
}

/** The trigger to poll, or why polling ends: deleting, disabling or re-triggering a workflow stops its poller. */
async function loadPollTarget(
  { db, keyRing }: ActivityDeps,
  workflowId: string,
): Promise<PollTarget | { stop: string }> {
  const workflow = await db.workflow.findUnique({
    where: { id: workflowId },
    select: {
      slug: true,
      workspaceId: true,
      enabled: true,
      versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, definition: true } },
    },
  });
  const version = workflow?.versions[0];
  if (!workflow || !version) return { stop: "the workflow no longer exists" };
  if (!workflow.enabled) return { stop: "the workflow is disabled" };
  const t = (version.definition as WorkflowDefinition).trigger;
  if (t.type !== "poll") return { stop: "the workflow no longer has a polling trigger" };
  if (!keyRing)
    throw new NonRetryableError("no SWITCHYARD_ENCRYPTION_KEY is configured, so trigger state cannot be kept");
  return { workflow, version, t, scope: { workflowId, triggerKey: triggerKeyOf(t) }, everyMs: toMs(t.every), keyRing };
}

async function pollOnce(deps: ActivityDeps, target: PollTarget, ctx: Context): Promise<PollResult> {
  const { db, logger } = deps;
  const { workflow, t, scope, everyMs } = target;
  const store = createBufferedTriggerStore(db, target.keyRing, scope);
  const trigger = deps.registry.trigger(t.uses);
  let items: object[];
  // Only the provider's side counts as the trigger failing; database trouble is retried by Temporal.
  try {
    items = await pollProvider(deps, target, trigger, store, ctx);
  } catch (err) {
    if (ctx.cancellationSignal.aborted) throw err;
    // Being rate limited is not an outage: wait as long as the provider asks, without alerting.
    if (err instanceof HttpError && err.status === 429)
      return { everyMs: Math.max(everyMs, err.retryAfterMs ?? 0), started: 0 };
    return { everyMs, started: 0, ...(await recordFailure(deps, workflow, scope, t.uses, err)) };
  }

  await store.delete(HEALTH);
  const { fitting, skipped } = setAsideOversized(items, trigger);
  const starts = await storeRuns(deps, target, store, fitting);
  if (!starts) return { everyMs, started: 0 };
  // State of earlier configurations of this trigger is never read again.
  await db.triggerState.deleteMany({ where: { workflowId: scope.workflowId, triggerKey: { not: scope.triggerKey } } });
  const engine = { temporal: ctx.client, taskQueue: ctx.info.taskQueue, close: async () => {} };
  await dispatchOrLeaveToRelay({ db, logger, engineClient: async () => engine }, starts);
  const alertId = skipped.length ? await alertSkipped(deps, workflow, scope.workflowId, t.uses, skipped) : undefined;
  return { everyMs, started: starts.length, ...(alertId ? { alertId } : {}) };
}

/** Asks the provider for the items the trigger has not seen yet, recording them as seen in `store`. */
async function pollProvider(
  deps: ActivityDeps,
  { workflow, t, scope }: PollTarget,
  trigger: TriggerDefinition | undefined,
  store: BufferedTriggerStore,
  ctx: Context,
): Promise<object[]> {
  if (trigger?.kind !== "poll")
    throw new NonRetryableError(`"${t.uses}" is not a polling trigger of this installation`);
  const slug = t.uses.split(".")[0]!;
  const { http, connection } = await httpForConnection(deps, workflow.workspaceId, slug, t.connection);
  const signingSecret = deps.oauthClients?.[slug]?.signingSecret;
  // "Include existing" means the workflow's first items ever, not everything again after each edit of the trigger.
  const firstEver =
    t.includeExisting &&
    (await deps.db.triggerState.count({ where: { workflowId: scope.workflowId, key: { not: HEALTH } } })) === 0;
  return pollNewItems<object>(
    trigger,
    {
      props: trigger.props.parse(t.with),
      http,
      connection,
      store,
      logger: deps.logger,
      signal: ctx.cancellationSignal,
      now: Date.now,
      ...(signingSecret ? { app: { signingSecret } } : {}),
    },
    { includeExisting: firstEver, limit: MAX_ITEMS_PER_POLL },
  );
}

/**
 * An item no run can carry would only make a run that fails as it starts. Failing the poll instead
 * would meet it again at every poll; it is skipped (seen with the others) and reported.
 */
function setAsideOversized(
  items: object[],
  trigger: TriggerDefinition | undefined,
): { fitting: object[]; skipped: SkippedItem[] } {
  const fitting: object[] = [];
  const skipped: SkippedItem[] = [];
  for (const item of items) {
    const tooLarge = eventTooLarge(item);
    if (!tooLarge) fitting.push(item);
    else skipped.push({ bytes: tooLarge.bytes, ...(trigger?.dedupeKey ? { key: trigger.dedupeKey(item) } : {}) });
  }
  return { fitting, skipped };
}

/** The runs to start, committed with the trigger's new cursor; undefined when another poll committed first. */
async function storeRuns(
  { db }: ActivityDeps,
  { workflow, version, t, scope }: PollTarget,
  store: BufferedTriggerStore,
  items: object[],
): Promise<StartRunArgs[] | undefined> {
  try {
    return await storeTriggerRuns(
      db,
      store,
      { workflowId: scope.workflowId, workspaceId: workflow.workspaceId, version },
      t.uses,
      items,
      "poll",
    );
  } catch (err) {
    // An overlapping poll (a retried attempt) committed these items already.
    if (err instanceof TriggerStateConflictError) return undefined;
    throw err;
  }
}

/** Counts the failure; the first of a streak raises an alert (returned for notifyAlert). */
async function recordFailure(
  { db, keyRing, logger }: ActivityDeps,
  workflow: { slug: string; workspaceId: string },
  scope: { workflowId: string; triggerKey: string },
  uses: string,
  err: unknown,
): Promise<{ error: string; alertId?: string }> {
  const error = err instanceof Error ? err.message : String(err);
  const store = createTriggerStore(db, keyRing!, scope);
  const health = await store.get<Health>(HEALTH);
  await store.set(HEALTH, {
    failures: (health?.failures ?? 0) + 1,
    since: health?.since ?? new Date().toISOString(),
    lastError: error,
  } satisfies Health);
  logger.warn("poll failed", {
    workflow: workflow.slug,
    trigger: uses,
    failures: (health?.failures ?? 0) + 1,
    ...loggableError(err),
  });
  if (health) return { error };
  const alert = await db.alert.create({
    data: {
      workspaceId: workflow.workspaceId,
      kind: "trigger_failed",
      title: `Workflow "${workflow.slug}" cannot poll ${uses}`,
      message: `Polling failed: ${error}. It keeps trying at its interval; no new runs start until it succeeds.`,
      details: { workflow: workflow.slug, workflowId: scope.workflowId, trigger: uses },
    },
    select: { id: true },
  });
  return { error, alertId: alert.id };
}

/** Polled items too large for any run, skipped: one alert per poll (returned for notifyAlert). */
async function alertSkipped(
  { db, logger }: ActivityDeps,
  workflow: { slug: string; workspaceId: string },
  workflowId: string,
  uses: string,
  items: SkippedItem[],
): Promise<string> {
  logger.warn("skipped polled items too large for a run", {
    workflow: workflow.slug,
    trigger: uses,
    items,
    limit: MAX_RUN_INPUT_BYTES,
  });
  const list = items.map((i) => `${i.key === undefined ? "an item" : `"${i.key}"`} (${i.bytes} bytes)`).join(", ");
  const alert = await db.alert.create({
    data: {
      workspaceId: workflow.workspaceId,
      kind: "trigger_items_skipped",
      title: `Workflow "${workflow.slug}" skipped ${items.length === 1 ? "a polled item" : `${items.length} polled items`} too large to run`,
      message: `New items from ${uses} take more than the ${MAX_RUN_INPUT_BYTES} bytes a run can carry as JSON: ${list}. No run started for them, and they will not be polled again.`,
      details: { workflow: workflow.slug, workflowId, trigger: uses, items, limit: MAX_RUN_INPUT_BYTES },
    },
    select: { id: true },
  });
  return alert.id;
}
