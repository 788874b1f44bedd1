import type { KeyValueStore, TriggerContext, TriggerDefinition } from "./define";
import { checkOutput } from "./run";

/** How many recent dedupe keys are remembered per trigger. */
export const DEDUPE_WINDOW = 1_000;
const SEEN = "__seen";

export interface PollOptions {
  /** Start runs for what exists at the first poll, instead of only recording it. */
  includeExisting?: boolean;
  /** Most items one poll returns; the rest stay unseen and come with the next poll. */
  limit?: number;
}

/**
 * One poll of a polling trigger, made incremental: the first poll records what
 * exists (and starts nothing, unless `includeExisting`); later polls return only
 * items whose dedupeKey was not seen within the window, oldest first as polled.
 * An item that breaks the trigger's output schema is logged and marked seen:
 * one odd row must not stop every later poll.
 */
export async function pollNewItems<O>(
  trigger: TriggerDefinition,
  ctx: TriggerContext<unknown>,
  { includeExisting = false, limit = Infinity }: PollOptions = {},
): Promise<O[]> {
  if (!trigger.poll) throw new Error(`trigger ${trigger.name} does not poll`);
  return takeUnseen<O>(trigger, ctx, await trigger.poll(ctx), { baselineFirst: !includeExisting, limit });
}

/**
 * The items whose dedupeKey is not in the trigger's window, recording them as
 * seen: shared by polls and by event deliveries (which providers redeliver).
 * With `baselineFirst`, the very first call only records.
 */
export async function takeUnseen<O>(
  trigger: TriggerDefinition,
  ctx: Pick<TriggerContext<unknown>, "store" | "logger">,
  polled: unknown[],
  { baselineFirst = false, limit = Infinity }: { baselineFirst?: boolean; limit?: number } = {},
): Promise<O[]> {
  const key = (item: unknown) => (trigger.dedupeKey ? trigger.dedupeKey(item as never) : JSON.stringify(item));
  const store: KeyValueStore = ctx.store;
  const seen = await store.get<string[]>(SEEN);
  const known = new Set(seen);
  const unseen = polled.filter((i) => !known.has(key(i)));
  const valid = unseen.filter((item) => {
    try {
      checkOutput(trigger, item);
      return true;
    } catch (err) {
      ctx.logger.error("skipped an item that breaks the trigger's output schema", {
        trigger: trigger.name,
        key: key(item),
        error: (err as Error).message,
      });
      return false;
    }
  });
  const baseline = seen === undefined && baselineFirst;
  const fresh = baseline ? [] : (valid.slice(0, limit) as O[]);
  // Items past the limit stay unseen, so the next poll returns them.
  const deferred = new Set(baseline ? [] : valid.slice(limit).map(key));
  const window = [...known, ...new Set(unseen.map(key).filter((k) => !deferred.has(k)))].slice(-DEDUPE_WINDOW);
  await store.set(SEEN, window);
  return fresh;
}
