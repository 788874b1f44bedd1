/** Notion's limits for one rich text object's content and for a rich text array. */
const MAX_CONTENT = 2000;
const MAX_PARTS = 100;

/** Plain text as Notion rich text, split into pieces Notion accepts. */
export function toRichText(text: string): { type: "text"; text: { content: string } }[] {
  const parts: { type: "text"; text: { content: string } }[] = [];
  // Array.from splits by code point, so a piece never ends inside a surrogate pair.
  const chars = Array.from(text);
  for (let i = 0; i < chars.length && parts.length < MAX_PARTS; i += MAX_CONTENT) {
    parts.push({ type: "text", text: { content: chars.slice(i, i + MAX_CONTENT).join("") } });
  }
  return parts;
}
