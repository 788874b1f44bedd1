import { z } from "zod";
import { toMs } from "./definition/durations";

const HOUR_MS = 3_600_000;
/** A century. */
const MAX_DAYS = 36_500;

/** A retention in hours or days ("30d", "12h"), in milliseconds, at least `min`. */
const retention = (min: { ms: number; text: string }, alternative = "") =>
  z
    .string()
    .regex(/^\d+(h|d)$/, `must be hours or days, e.g. "30d" or "12h"${alternative}`)
    .transform(toMs)
    .pipe(
      z
        .number()
        .min(min.ms, `must be at least ${min.text}`)
        // Beyond it the cutoff is no date at all, and every sweep would fail.
        .max(MAX_DAYS * 24 * HOUR_MS, `must be at most ${MAX_DAYS}d`),
    );

/** What the worker's sweeps keep, and for how long. */
export const retentionEnv = {
  /** How long events keep their bodies ("30d", "12h"; at least an hour): older ones lose them, their rows stay (see SWITCHYARD_RUN_RETENTION). */
  SWITCHYARD_EVENT_RETENTION: z
    .string()
    .default("30d")
    .pipe(retention({ ms: HOUR_MS, text: "1h" })),
  /**
   * How long ended runs are kept ("90d"; at least a day, so no run is deleted while its workflow
   * may still write to it), or "off" (undefined): older ones are deleted with their steps and events.
   */
  SWITCHYARD_RUN_RETENTION: z
    .string()
    .default("90d")
    .transform((value) => (value === "off" ? undefined : value))
    .pipe(retention({ ms: 24 * HOUR_MS, text: "1d" }, ', or "off"').optional()),
};
