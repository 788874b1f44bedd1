// The runs list's filters as they live in the page's URL (so a link shares them), and the
// list query they ask the API for. Pure: a preset range is counted back from the `now` given.
import { oneOf, searchOf } from "../url-filters";

export const RUN_STATUSES = [
  "queued",
  "running",
  "succeeded",
  "failed",
  "partially_succeeded",
  "cancelled",
  "failed_to_start",
] as const;

const HOUR = 3_600_000;
/** Preset ranges, counted back from now. */
export const RANGES = {
  "1h": { label: "Last hour", ms: HOUR },
  "24h": { label: "Last 24 hours", ms: 24 * HOUR },
  "7d": { label: "Last 7 days", ms: 7 * 24 * HOUR },
  "30d": { label: "Last 30 days", ms: 30 * 24 * HOUR },
} as const;
export type RangeKey = keyof typeof RANGES;

export interface RunFilters {
  status?: (typeof RUN_STATUSES)[number];
  workflow?: string;
  /** A preset, or "custom" for `from`/`to`. */
  range?: RangeKey | "custom";
  /** ISO instants of a custom range. */
  from?: string;
  to?: string;
}

export interface RunsQuery {
  status?: RunFilters["status"];
  workflow?: string;
  since?: string;
  until?: string;
}

const isInstant = (value: string | null): value is string => !!value && !Number.isNaN(Date.parse(value));

/** What the URL asks for; values the page cannot use are left out rather than refused. */
export function readFilters(params: URLSearchParams): RunFilters {
  const status = oneOf(RUN_STATUSES, params.get("status"));
  const range = oneOf([...(Object.keys(RANGES) as RangeKey[]), "custom"], params.get("range"));
  const from = params.get("from");
  const to = params.get("to");
  return {
    ...(status ? { status } : {}),
    ...(params.get("workflow") ? { workflow: params.get("workflow")! } : {}),
    ...(range ? { range } : {}),
    ...(range === "custom" && isInstant(from) ? { from } : {}),
    ...(range === "custom" && isInstant(to) ? { to } : {}),
  };
}

/** The URL's query string for these filters ("" for none), in a fixed order. */
export const writeFilters = (filters: RunFilters): string =>
  searchOf(filters, ["status", "workflow", "range", "from", "to"]);

/** The list query: a preset becomes `since` (now less its length), a custom range its own ends. */
export function queryOf(filters: RunFilters, now: number): RunsQuery {
  const preset = filters.range && filters.range !== "custom" ? RANGES[filters.range] : undefined;
  const custom = filters.range === "custom";
  const since = preset ? new Date(now - preset.ms).toISOString() : custom ? filters.from : undefined;
  const until = custom ? filters.to : undefined;
  return {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.workflow ? { workflow: filters.workflow } : {}),
    ...(since ? { since: new Date(since).toISOString() } : {}),
    ...(until ? { until: new Date(until).toISOString() } : {}),
  };
}
