/** Building blocks for actions' `describe`: approvers scan a list of one-line previews, so each stays short. */

/** How much of a user's text a preview quotes: enough to recognize it, not to read it. */
const QUOTE_CHARS = 80;
/** The first few fields say what a call is about; more would bury them. */
const MAX_FIELDS = 4;

/** The text on one line, cut to at most `max` characters with an ellipsis. */
export function truncated(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  // By code points, so a cut never splits an emoji into a broken surrogate.
  const chars = Array.from(line);
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join("")}…`;
}

/** User text in straight double quotes, so it reads as theirs and not as Switchyard's words. */
export function quoted(text: string, max = QUOTE_CHARS): string {
  return `"${truncated(text, max)}"`;
}

/** A scalar as a preview shows it; undefined for values too big or vague to show (objects, lists, null). */
export function previewValue(value: unknown): string | undefined {
  if (typeof value === "string") return quoted(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** `line (key: value, …)` with the first few showable fields; just `line` when there is none. */
export function withFields(line: string, fields: Record<string, unknown>): string {
  const shown = Object.entries(fields)
    .map(([key, value]) => [key, previewValue(value)] as const)
    .filter(([, value]) => value !== undefined)
    .slice(0, MAX_FIELDS)
    .map(([key, value]) => `${key}: ${value}`);
  return shown.length ? `${line} (${shown.join(", ")})` : line;
}
