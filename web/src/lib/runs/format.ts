// Durations and moments as the runs screens word them. Pure: the clock is passed in.

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "840 ms", "1.2 s", "12 s", "3 min 5 s", "2 h 5 min": two units at most, never rounding up past a unit. */
export function formatDuration(ms: number): string {
  const n = Math.max(0, Math.round(ms));
  if (n < SECOND) return `${n} ms`;
  if (n < 10 * SECOND) return `${Math.floor(n / 100) / 10} s`;
  if (n < MINUTE) return `${Math.floor(n / SECOND)} s`;
  if (n < HOUR) return joinUnits(Math.floor(n / MINUTE), "min", Math.floor((n % MINUTE) / SECOND), "s");
  if (n < DAY) return joinUnits(Math.floor(n / HOUR), "h", Math.floor((n % HOUR) / MINUTE), "min");
  return joinUnits(Math.floor(n / DAY), "d", Math.floor((n % DAY) / HOUR), "h");
}

const joinUnits = (major: number, majorUnit: string, minor: number, minorUnit: string) =>
  minor ? `${major} ${majorUnit} ${minor} ${minorUnit}` : `${major} ${majorUnit}`;

/** "just now", "12 s ago", "3 min ago", "2 h ago", "4 d ago"; a moment ahead of the clock (skew) is "just now". */
export function formatRelative(iso: string, now: number): string {
  const ago = now - Date.parse(iso);
  if (ago < 5 * SECOND) return "just now";
  if (ago < MINUTE) return `${Math.floor(ago / SECOND)} s ago`;
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  return `${Math.floor(ago / DAY)} d ago`;
}

/** How long a run or step took, or has taken so far; null before it started. */
export function elapsedMs(startedAt: string | null, endedAt: string | null, now: number): number | null {
  if (!startedAt) return null;
  return Math.max(0, (endedAt ? Date.parse(endedAt) : now) - Date.parse(startedAt));
}

const SOURCE_WORDS: Record<string, string> = { webhook: "Webhook", api: "API", schedule: "Schedule", replay: "Replay" };

/** An event's source in words: "Webhook", "API", "Schedule", "Replay", or the app trigger's operation (github.onPush). */
export const sourceLabel = (source: string): string => SOURCE_WORDS[source] ?? source;

/** How a run started, in words: "Re-run", or its event's source (a run of an app trigger's event is the event's). */
export function triggerLabel(run: { source: string; eventSource: string | null }): string {
  if (run.source === "rerun") return "Re-run";
  if (run.source === "replay" || run.source === "api" || run.source === "schedule") return sourceLabel(run.source);
  return sourceLabel(run.eventSource ?? "webhook");
}

/** "312 B", "4 KB", "1.5 MB": a stored body's or payload's size. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A run id short enough for a table, still unique in practice (cuids end in random characters). */
export const shortId = (id: string): string => id.slice(-8);

/** "1 call, ~840 ms", "1,204 calls, ~2 h 5 min": connector calls not made and what they took when they were made. */
export function formatSaved({ calls, ms }: { calls: number; ms: number }): string {
  return `${calls.toLocaleString("en-US")} call${calls === 1 ? "" : "s"}, ~${formatDuration(ms)}`;
}
