import type { KeyValueStore, TriggerContext, TriggerDefinition } from "./define";
import { checkOutput } from "./run";

/** How many recent dedupe keys are remembered per trigger. */
export const DEDUPE_WINDOW = 1_000;
const SEEN = "__seen";

/**
 * One poll of a polling trigger, made incremental: the first poll records what
 * exists (and starts nothing, unless `includeExisting`); later polls return only
 * items whose dedupeKey was not seen within the window, oldest first as polled.
 */
export async function pollNewItems<O>(trigger: TriggerDefinition, ctx: TriggerContext<unknown>, { includeExisting = false } = {}): Promise<O[]> {
  if (!trigger.poll) throw new Error(`trigger ${trigger.name} does not poll`);
  const items = (await trigger.poll(ctx)).map((item) => checkOutput(trigger, item)) as O[];
  const key = (item: O) => (trigger.dedupeKey ? trigger.dedupeKey(item as never) : JSON.stringify(item));
  const store: KeyValueStore = ctx.store;
  const seen = await store.get<string[]>(SEEN);
  const known = new Set(seen);
  const fresh = seen === undefined && !includeExisting ? [] : items.filter((i) => !known.has(key(i)));
  const window = [...known, ...new Set(items.map(key).filter((k) => !known.has(k)))].slice(-DEDUPE_WINDOW);
  await store.set(SEEN, window);
  return fresh;
}
