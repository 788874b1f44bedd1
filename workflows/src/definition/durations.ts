import { z } from "zod";

/** Temporal-style durations: a number of milliseconds or "30s", "5m", "1h", "250ms". */
export const durationSchema = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h)$/, 'duration must look like "250ms", "30s", "5m" or "1h"'),
]);

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Milliseconds of a duration; days (`"3d"`) are for checkpoints' waits, which step schemas don't take. */
export function toMs(d: number | string): number {
  if (typeof d === "number") return d;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(d);
  if (!m) throw new Error(`bad duration "${d}"`);
  return Number(m[1]) * UNITS[m[2]!]!;
}
