import { Cron } from "croner";
import { z } from "zod";
import { durationSchema, lasting } from "./durations";

/**
 * Schedules never fire more often than this unless the operator allows it
 * (SWITCHYARD_MIN_SCHEDULE_INTERVAL): each fire is a whole run.
 */
export const DEFAULT_MIN_SCHEDULE_INTERVAL_MS = 10_000;

/** The overlap policies a schedule may name, as Temporal's Schedules know them. */
export const OVERLAP_POLICIES = ["skip", "buffer_one", "buffer_all", "cancel_other", "allow_all"] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

const MAX_CRON_EXPRESSIONS = 10;
const SHORTHANDS = new Set(["@yearly", "@monthly", "@weekly", "@daily", "@hourly"]);
// Only what Temporal's own cron reading and croner's agree on: numbers, three-letter names (JAN,
// MON), *, ranges, lists and steps.
const VALUE = String.raw`(?:\d+|[A-Za-z]{3})`;
const ITEM = String.raw`(?:\*|${VALUE}(?:-${VALUE})?)(?:/\d+)?`;
const CRON_FIELD = new RegExp(`^${ITEM}(?:,${ITEM})*$`);

/** Why a cron expression is refused, or undefined when it is a five-field expression both readers take. */
export function cronError(expr: string): string | undefined {
  const trimmed = expr.trim();
  if (SHORTHANDS.has(trimmed)) return undefined;
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5)
    return `cron "${expr}" has ${fields.length} field${fields.length === 1 ? "" : "s"}; give five (minute hour day-of-month month day-of-week), or use "every" for intervals under a minute`;
  const bad = fields.find((f) => !CRON_FIELD.test(f));
  if (bad) return `cron "${expr}": "${bad}" is not a value, range, list or step (L, W, # and ? are not supported)`;
  try {
    // Day-of-month and day-of-week both restrict (AND), as Temporal reads them.
    new Cron(trimmed, { paused: true, legacyMode: false });
    return undefined;
  } catch (err) {
    return `cron "${expr}": ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** A fixed Monday to look ahead from, so validation gives the same answer on every day. */
const LOOK_FROM = new Date("2026-01-05T00:00:00Z");
const LOOK_AHEAD = 100;

/**
 * The shortest gap between two fires of these cron expressions together, over their next fires
 * from a fixed date: what SWITCHYARD_MIN_SCHEDULE_INTERVAL is held against (a cron can fire
 * every minute, an operator may want less). Valid expressions only (see cronError).
 */
export function shortestCronGapMs(crons: string[], timezone: string): number {
  const fires = crons
    .flatMap((c) => new Cron(c.trim(), { paused: true, legacyMode: false, timezone }).nextRuns(LOOK_AHEAD, LOOK_FROM))
    .map((d) => d.getTime())
    .sort((a, b) => a - b);
  let shortest = Infinity;
  // Expressions that meet at one time fire once then.
  for (let i = 1; i < fires.length; i++)
    if (fires[i]! > fires[i - 1]!) shortest = Math.min(shortest, fires[i]! - fires[i - 1]!);
  return shortest;
}

/** Whether the runtime knows the IANA time zone (the same database Temporal's server reads, on this machine). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const cronSchema = z.string().superRefine((expr, ctx) => {
  const error = cronError(expr);
  if (error) ctx.addIssue({ code: "custom", message: error });
});

/**
 * Fires on a cron (or several) in an IANA time zone, or at a plain interval (`every`). Run by a
 * Temporal Schedule while the workflow is enabled; each fire stores an event and starts a run.
 */
export const scheduleTriggerSchema = z
  .object({
    type: z.literal("schedule"),
    cron: z.union([cronSchema, z.array(cronSchema).min(1).max(MAX_CRON_EXPRESSIONS)]).optional(),
    every: durationSchema.optional(),
    timezone: z
      .string()
      .default("UTC")
      .refine(isTimeZone, {
        error: (i) => `unknown time zone "${String(i.input)}"; use an IANA name such as Europe/Paris`,
      }),
    /** What a fire does while the previous run still runs (default: skip it). */
    overlap: z.enum(OVERLAP_POLICIES).default("skip"),
    /**
     * How late a fire missed during an outage may still be taken (default a year). With `skip`,
     * the first missed fire runs and the rest are dropped; with the buffer and allow policies,
     * every one runs (Temporal buffers up to 1,000).
     */
    catchupWindow: durationSchema
      .refine(
        lasting((ms) => ms >= 10_000),
        "catchupWindow must be at least 10s",
      )
      .optional(),
    /** Each fire is delayed by a random amount up to this, to spread load. */
    jitter: durationSchema.optional(),
  })
  .strict()
  .refine((t) => (t.cron === undefined) !== (t.every === undefined), {
    message: 'a schedule needs exactly one of "cron" and "every"',
  });

export type ScheduleTrigger = z.infer<typeof scheduleTriggerSchema>;

/** A schedule's cron expressions as a list (a single one may be given bare). */
export const cronsOf = (t: ScheduleTrigger): string[] =>
  t.cron === undefined ? [] : typeof t.cron === "string" ? [t.cron] : t.cron;
