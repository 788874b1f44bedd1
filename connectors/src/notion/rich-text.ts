import { NonRetryableError } from "../sdk/errors";

/** Notion's limits for one rich text object's content and for a rich text array. */
const MAX_CONTENT = 2000;
const MAX_PARTS = 100;

/** Plain text as Notion rich text, split into pieces Notion accepts. */
export function toRichText(text: string): { type: "text"; text: { content: string } }[] {
  // Array.from splits by code point, so a piece never ends inside a surrogate pair.
  const chars = Array.from(text);
  // Cutting the rest off would lose text without anyone noticing.
  if (chars.length > MAX_CONTENT * MAX_PARTS) {
    throw new NonRetryableError(
      `Notion takes at most ${(MAX_CONTENT * MAX_PARTS).toLocaleString("en")} characters in one text value ` +
        `(${MAX_PARTS} pieces of ${MAX_CONTENT.toLocaleString("en")}); ` +
        `this one has ${chars.length.toLocaleString("en")}: shorten it or split it into several values`,
    );
  }
  const parts: { type: "text"; text: { content: string } }[] = [];
  for (let i = 0; i < chars.length; i += MAX_CONTENT)
    parts.push({ type: "text", text: { content: chars.slice(i, i + MAX_CONTENT).join("") } });
  return parts;
}
