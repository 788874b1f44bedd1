// What a step may remember between runs: its result (`cache`), or, for a fan-out, which items it
// already processed (`incremental`). Pure: shared by validation, the editor and the interpreter.
import { z } from "zod";
import { lasting, toMs } from "./durations";

/** Longest a remembered result may live, and how long `cache: true` keeps one. */
export const MAX_CACHE_TTL_MS = 365 * 86_400_000;
export const DEFAULT_CACHE_TTL = "7d";

const ttlSchema = z
  .union([
    z.number().int().positive(),
    z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/, 'ttl must look like "30m", "12h" or "7d"'),
  ])
  .refine(
    lasting((ms) => ms > 0),
    "ttl must be longer than 0",
  )
  .refine(
    lasting((ms) => ms <= MAX_CACHE_TTL_MS),
    "ttl may be at most 365d",
  );

const keyTemplate = (what: string, example: string) =>
  z
    .string()
    .max(2_000)
    .regex(/\{\{[\s\S]+\}\}/, `${what} must be a template, e.g. ${example}`);

export const cacheSchema = z.union(
  [
    z.literal(true),
    z
      .object({
        /** How long a remembered result is taken instead of calling the operation. */
        ttl: ttlSchema.default(DEFAULT_CACHE_TTL),
        /** Replaces the rendered input in the cache key, e.g. `{{ trigger.body.email }}`. */
        key: keyTemplate("cache.key", "{{ trigger.body.email }}").optional(),
      })
      .strict(),
  ],
  { error: 'cache must be true, or {"ttl": "7d", "key": "{{ … }}"} (both optional); to turn it off, leave cache out' },
);

export const incrementalSchema = z
  .object({
    /** Names an item across runs, e.g. `{{ item.id }}`. */
    key: keyTemplate("incremental.key", "{{ item.id }}"),
    /** Changes whenever the item does, e.g. `{{ item.updated_at }}`; without it, the item's rendered input is compared. */
    version: keyTemplate("incremental.version", "{{ item.updated_at }}").optional(),
  })
  .strict();

export type CacheSetting = z.infer<typeof cacheSchema>;
export type IncrementalSetting = z.infer<typeof incrementalSchema>;

/** A step's cache setting with its defaults filled in. */
export function cacheOptions(cache: CacheSetting): { ttlMs: number; key?: string } {
  if (cache === true) return { ttlMs: toMs(DEFAULT_CACHE_TTL) };
  return { ttlMs: toMs(cache.ttl), ...(cache.key ? { key: cache.key } : {}) };
}

/** Longest incremental key, after rendering: keys are stored and listed in `changes`. */
export const MAX_ITEM_KEY_CHARS = 500;
