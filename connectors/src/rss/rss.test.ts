import { afterEach, describe, expect, it } from "vitest";
import { pollNewItems } from "../sdk/polling";
import { createMockContext, describeOperation, startFakeApi, type FakeApi, type FakeRequest } from "../sdk/testing";
import { rss } from "./index";
import { newItem, parseFeed } from "./triggers/new-item";

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const rssDoc = (ids: number[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>${ids
    .map(
      (n) =>
        `<item><title>Post ${n}</title><link>https://blog.example/${n}</link><guid>post-${n}</guid>` +
        `<pubDate>Mon, 0${n} Nov 2026 10:00:00 GMT</pubDate>` +
        `<description>About ${n} &amp; more</description></item>`,
    )
    .join("")}</channel></rss>`;
const atomDoc =
  '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>\n' +
  '  <entry><id>urn:2</id><title type="text">Second</title><link rel="alternate" href="https://news.example/2"/>' +
  "<updated>2026-11-02T00:00:00Z</updated><summary>Two</summary></entry>\n" +
  '  <entry><id>urn:1</id><title>First</title><link href="https://news.example/1"/>' +
  "<published>2026-11-01T00:00:00Z</published><summary>One</summary></entry></feed>";

describe("rss.newItem", () => {
  it("parses RSS 2.0 and Atom, oldest first", () => {
    expect(parseFeed(rssDoc([3, 2, 1])).map((i) => i.id)).toEqual(["post-1", "post-2", "post-3"]);
    expect(parseFeed(rssDoc([1]))[0]).toEqual({
      id: "post-1",
      title: "Post 1",
      link: "https://blog.example/1",
      published: "Mon, 01 Nov 2026 10:00:00 GMT",
      summary: "About 1 & more",
    });
    expect(parseFeed(atomDoc)).toEqual([
      {
        id: "urn:1",
        title: "First",
        link: "https://news.example/1",
        published: "2026-11-01T00:00:00Z",
        summary: "One",
      },
      {
        id: "urn:2",
        title: "Second",
        link: "https://news.example/2",
        published: "2026-11-02T00:00:00Z",
        summary: "Two",
      },
    ]);
  });

  it("polls incrementally: the first poll records what exists, later polls return only new items once", async () => {
    let ids = [2, 1];
    api = await startFakeApi([
      {
        method: "GET",
        path: "/feed.xml",
        respond: () => ({ raw: rssDoc(ids), headers: { "content-type": "application/rss+xml" } }),
      },
    ]);
    const ctx = createMockContext(newItem, {
      connector: rss,
      props: { feedUrl: `${api.url}/feed.xml` },
      baseUrl: api.url,
    });
    expect(await pollNewItems(newItem, ctx)).toEqual([]);
    ids = [4, 3, 2, 1];
    expect((await pollNewItems<{ id: string }>(newItem, ctx)).map((i) => i.id)).toEqual(["post-3", "post-4"]);
    expect(await pollNewItems(newItem, ctx)).toEqual([]);
  });

  it("a missing feed is a clear, non-retryable error; an outage stays retryable", async () => {
    api = await startFakeApi([
      {
        method: "GET",
        path: "/feed.xml",
        respond: (_r, n) => (n === 1 ? { status: 404, raw: "Not Found" } : { status: 503, body: { error: "down" } }),
      },
    ]);
    const ctx = createMockContext(newItem, {
      connector: rss,
      props: { feedUrl: `${api.url}/feed.xml` },
      baseUrl: api.url,
    });
    await expect(pollNewItems(newItem, ctx)).rejects.toMatchObject({
      name: "NonRetryableError",
      message: `no feed at ${api.url}/feed.xml (HTTP 404); check the feed URL`,
    });
    await expect(pollNewItems(newItem, ctx)).rejects.toMatchObject({ name: "HttpError", status: 503 });
  });

  it("says a web page is not a feed", () => {
    expect(() => parseFeed("<html><body>hi</body></html>")).toThrow(
      "the feed is malformed: the document is neither an RSS nor an Atom feed (is the URL a web page?)",
    );
  });
});

const FEED_KEY = "s3cr3t-feed-key";
describeOperation("rss.newItem contract", {
  connector: rss,
  operation: newItem,
  // A private feed's key travels in its URL: listed as the secret
  // no error may show (the trigger itself needs no connection).
  props: (fakeUrl: string) => ({ feedUrl: `${fakeUrl}/feed.xml?key=${FEED_KEY}` }),
  secrets: [FEED_KEY],
  route: {
    method: "GET",
    path: "/feed.xml",
    check: (r: FakeRequest) =>
      r.query.key !== FEED_KEY
        ? "feed key missing"
        : String(r.headers.accept).startsWith("application/rss+xml, application/atom+xml")
          ? undefined
          : `accept was ${r.headers.accept}`,
  },
  ok: { raw: rssDoc([2, 1]), headers: { "content-type": "application/rss+xml; charset=utf-8" } },
  expected: [
    {
      id: "post-1",
      title: "Post 1",
      link: "https://blog.example/1",
      published: "Mon, 01 Nov 2026 10:00:00 GMT",
      summary: "About 1 & more",
    },
    {
      id: "post-2",
      title: "Post 2",
      link: "https://blog.example/2",
      published: "Mon, 02 Nov 2026 10:00:00 GMT",
      summary: "About 2 & more",
    },
  ],
  unauthorized: {
    status: 401,
    headers: { "content-type": "text/plain", "www-authenticate": 'Basic realm="members"' },
    raw: "Unauthorized",
  },
  unauthorizedError:
    /^the feed server refused access \(HTTP 401\) to http:\/\/127\.0\.0\.1:\d+\/feed\.xml; the feed needs a login/,
  malformed: [
    { raw: "<html><body><p>Sign in to continue</p></body></html>", headers: { "content-type": "text/html" } },
    { raw: '<?xml version="1.0"?><rss version="2.0"></rss>', headers: { "content-type": "application/rss+xml" } },
  ],
});
