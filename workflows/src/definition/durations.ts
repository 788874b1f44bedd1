import { z } from "zod";

/** Temporal-style durations: a number of milliseconds or "30s", "5m", "1h", "250ms". */
export const durationSchema = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h)$/, 'duration must look like "250ms", "30s", "5m" or "1h"'),
]);

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Milliseconds of a duration, or undefined for a string that is none. */
function parseDuration(d: number | string): number | undefined {
  if (typeof d === "number") return d;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(d);
  return m ? Number(m[1]) * UNITS[m[2]!]! : undefined;
}

/** Milliseconds of a duration; days (`"3d"`) are for checkpoints' waits, which step schemas don't take. */
export function toMs(d: number | string): number {
  const ms = parseDuration(d);
  if (ms === undefined) throw new Error(`bad duration "${d}"`);
  return ms;
}

/**
 * A refinement of a duration's length. Zod runs refinements even on a value its pattern refused;
 * such a value passes here, so only the pattern's message is reported (and nothing throws).
 */
export const lasting =
  (test: (ms: number) => boolean) =>
  (d: number | string): boolean => {
    const ms = parseDuration(d);
    return ms === undefined || test(ms);
  };
