import { XMLParser } from "fast-xml-parser";
import { z } from "zod";
import { defineTrigger } from "../../sdk/define";
import { displayUrl, HttpError, NonRetryableError } from "../../sdk/errors";
import type { HttpClient } from "../../sdk/http/client";

const item = z.object({
  id: z.string(),
  title: z.string(),
  link: z.string(),
  published: z.string().nullable(),
  summary: z.string(),
});
type FeedItem = z.infer<typeof item>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  isArray: (name) => name === "item" || name === "entry" || name === "link",
});
const text = (v: unknown): string =>
  typeof v === "string"
    ? v
    : typeof v === "number"
      ? String(v)
      : v && typeof v === "object" && "#text" in v
        ? String((v as { "#text": unknown })["#text"])
        : "";

/** RSS 2.0 and Atom, newest first as feeds list them; returned oldest first. */
export function parseFeed(xml: string): FeedItem[] {
  let doc: { rss?: { channel?: { item?: Record<string, unknown>[] } }; feed?: { entry?: Record<string, unknown>[] } };
  try {
    doc = parser.parse(xml, true) as typeof doc;
  } catch (err) {
    throw new NonRetryableError(`the feed is malformed: not valid XML (${(err as Error).message})`);
  }
  if (doc.rss?.channel) {
    return (doc.rss.channel.item ?? [])
      .map((i) => {
        const link = text((i.link as unknown[] | undefined)?.[0]);
        return {
          id: text(i.guid) || link || text(i.title),
          title: text(i.title),
          link,
          published: text(i.pubDate) || null,
          summary: text(i.description),
        };
      })
      .reverse();
  }
  if (doc.feed) {
    return (doc.feed.entry ?? [])
      .map((e) => {
        const links = (e.link ?? []) as Record<string, string>[];
        const link = (links.find((l) => !l["@rel"] || l["@rel"] === "alternate") ?? links[0])?.["@href"] ?? "";
        return {
          id: text(e.id) || link,
          title: text(e.title),
          link,
          published: text(e.published) || text(e.updated) || null,
          summary: text(e.summary) || text(e.content),
        };
      })
      .reverse();
  }
  throw new NonRetryableError(
    "the feed is malformed: the document is neither an RSS nor an Atom feed (is the URL a web page?)",
  );
}

/** The feed's bytes; refusals a later poll will meet again are NonRetryableErrors, outages stay HttpErrors. */
async function fetchFeed(http: HttpClient, feedUrl: string): Promise<Buffer> {
  try {
    return (
      await http.request<Buffer>({
        url: feedUrl,
        as: "bytes",
        headers: { accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5" },
      })
    ).body;
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    // A private feed's URL may carry its key in the query; displayUrl leaves that out.
    const where = displayUrl(feedUrl);
    if (err.status === 401 || err.status === 403)
      throw new NonRetryableError(
        `the feed server refused access (HTTP ${err.status}) to ${where}; ` +
          "the feed needs a login, or the server blocks automated readers: " +
          "use a feed URL that needs neither (some services put a key in the URL)",
      );
    if (err.status === 404 || err.status === 410)
      throw new NonRetryableError(`no feed at ${where} (HTTP ${err.status}); check the feed URL`);
    throw err;
  }
}

export const newItem = defineTrigger({
  name: "newItem",
  title: "New feed item",
  description: "Starts for each new item of an RSS or Atom feed.",
  kind: "poll",
  props: z.object({ feedUrl: z.url({ protocol: /^https?$/ }) }),
  output: item,
  sampleOutput: {
    id: "https://example.com/posts/1",
    title: "Hello",
    link: "https://example.com/posts/1",
    published: "Mon, 23 Nov 2026 10:00:00 GMT",
    summary: "…",
  },
  async poll({ http, props }) {
    return parseFeed((await fetchFeed(http, props.feedUrl)).toString("utf8"));
  },
  dedupeKey: (i) => i.id,
});
