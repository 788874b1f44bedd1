import { toRichText } from "./rich-text";

type Block = { object: "block"; type: string } & Record<string, unknown>;

const block = (type: string, text: string, extra: Record<string, unknown> = {}): Block => ({
  object: "block",
  type,
  [type]: { rich_text: toRichText(text), ...extra },
});

/** Line prefixes read as Markdown; the first that matches decides the block. */
const LINE_BLOCKS: [RegExp, (m: RegExpMatchArray) => Block][] = [
  [/^(#{1,3})\s+(.*)$/, (m) => block(`heading_${m[1]!.length}`, m[2]!)],
  [/^[-*+]\s+\[([ xX])\]\s+(.*)$/, (m) => block("to_do", m[2]!, { checked: m[1] !== " " })],
  [/^[-*+]\s+(.*)$/, (m) => block("bulleted_list_item", m[1]!)],
  [/^\d+[.)]\s+(.*)$/, (m) => block("numbered_list_item", m[1]!)],
  [/^>\s?(.*)$/, (m) => block("quote", m[1]!)],
];

/**
 * Page content from plain text with light Markdown: `#` headings, `-` bullets,
 * `1.` numbered items, `- [ ]` to-dos and `>` quotes each make one block;
 * other lines make paragraphs, which blank lines separate.
 */
export function contentBlocks(content: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length) blocks.push(block("paragraph", paragraph.join("\n")));
    paragraph = [];
  };
  for (const line of content.replace(/\r\n?/g, "\n").split("\n")) {
    const trimmed = line.trim();
    if (!trimmed) {
      endParagraph();
      continue;
    }
    const rule = LINE_BLOCKS.find(([pattern]) => pattern.test(trimmed));
    if (!rule) {
      paragraph.push(line.trimEnd());
      continue;
    }
    endParagraph();
    blocks.push(rule[1](trimmed.match(rule[0])!));
  }
  endParagraph();
  return blocks;
}
