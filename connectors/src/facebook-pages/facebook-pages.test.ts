import { afterEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { HttpError, NonRetryableError } from "../sdk/errors";
import { connectorMetadata } from "../sdk/metadata";
import { runAction } from "../sdk/run";
import {
  createMockContext,
  describeOperation,
  startFakeApi,
  type FakeApi,
  type FakeRequest,
  type FakeRoute,
} from "../sdk/testing";
import { listPages } from "./actions/pages";
import { createPagePost, scheduleOf } from "./actions/posts";
import { facebookPagesAuth } from "./auth";
import { RetryableHttpError } from "../sdk/errors";
import { graphError } from "./graph-errors";
import { facebookPages } from "./index";

const USER_TOKEN = "EAAGuserTokenABC123";
const PAGE_TOKEN = "EAAGpageTokenXYZ789";
const PAGE_ID = "104183265412345";
const credentials = { accessToken: USER_TOKEN };

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const form = (r: FakeRequest) => new URLSearchParams(r.body);
const userAuth = (r: FakeRequest) =>
  r.headers.authorization === `Bearer ${USER_TOKEN}` ? undefined : `authorization was ${r.headers.authorization}`;
const graphFailure = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
  error: { message, type: "OAuthException", code, fbtrace_id: "A1b2C3", ...extra },
});

/** GET /{page-id}?fields=access_token with the user's token: how Facebook hands out a Page token. */
const pageTokenRoute = (
  respond: FakeRoute["respond"] = { body: { access_token: PAGE_TOKEN, id: PAGE_ID } },
): FakeRoute => ({
  method: "GET",
  path: `/${PAGE_ID}`,
  check: (r) => userAuth(r) ?? (r.query.fields === "access_token" ? undefined : `fields were ${r.query.fields}`),
  respond,
});

/** POST /{page-id}/feed: form-encoded, made as the Page. */
const feedCheck = (expected: Record<string, string>) => (r: FakeRequest) => {
  if (!r.headers["content-type"]?.startsWith("application/x-www-form-urlencoded"))
    return `content-type was ${r.headers["content-type"]}`;
  // Exactly one token: the Page's, in the header; the user's never reaches the post.
  if (r.headers.authorization !== `Bearer ${PAGE_TOKEN}`) return "the post was not made with the Page token";
  const fields = Object.fromEntries(form(r));
  return JSON.stringify(fields) === JSON.stringify(expected) ? undefined : `form was ${JSON.stringify(fields)}`;
};

async function ctxFor<P extends z.ZodType>(routes: FakeRoute[], operation: { props: P }, props: unknown) {
  api = await startFakeApi(routes);
  return createMockContext(operation, { connector: facebookPages, props, credentials, baseUrl: `${api.url}/` });
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("the call succeeded"),
    (e: unknown) => e as Error,
  );

describeOperation("facebook-pages.createPagePost contract", {
  connector: facebookPages,
  operation: createPagePost,
  props: { pageId: PAGE_ID, message: "Fresh roast today", link: "https://acme.example/roast" },
  credentials,
  before: [pageTokenRoute()],
  route: {
    method: "POST",
    path: `/${PAGE_ID}/feed`,
    check: feedCheck({ message: "Fresh roast today", link: "https://acme.example/roast", published: "true" }),
  },
  ok: { body: { id: `${PAGE_ID}_122101234567890123` } },
  expected: {
    id: `${PAGE_ID}_122101234567890123`,
    pageId: PAGE_ID,
    url: `https://www.facebook.com/${PAGE_ID}_122101234567890123`,
    published: true,
  },
  unauthorized: {
    status: 400,
    body: graphFailure(190, "Error validating access token: Session has expired on Tuesday.", { error_subcode: 463 }),
  },
  unauthorizedError:
    /^Facebook rejected the connection's token: Error validating access token: Session has expired on Tuesday\. \(code 190\/463, fbtrace_id A1b2C3\); reconnect the Facebook account$/,
  malformed: [{ body: { post_id: "122101234567890123" } }, { body: { id: 122101234567 } }],
});

describeOperation("facebook-pages.listPages contract", {
  connector: facebookPages,
  operation: listPages,
  props: {},
  credentials,
  route: {
    method: "GET",
    path: "/me/accounts",
    check: (r) =>
      userAuth(r) ??
      (r.query.fields === "id,name,category,tasks" && r.query.limit === "100" && !r.query.after
        ? undefined
        : `query was ${JSON.stringify(r.query)}`),
  },
  ok: {
    body: {
      data: [
        { id: PAGE_ID, name: "Acme Coffee", category: "Coffee shop", tasks: ["ANALYZE", "CREATE_CONTENT", "MODERATE"] },
      ],
      paging: { cursors: { before: "QVFI", after: "QVFI" } },
    },
  },
  expected: { pages: [{ id: PAGE_ID, name: "Acme Coffee", category: "Coffee shop", canPost: true }], truncated: false },
  unauthorized: { status: 401, body: graphFailure(190, "Invalid OAuth access token - Cannot parse access token") },
  unauthorizedError:
    /Facebook rejected the connection's token: Invalid OAuth access token.*fbtrace_id A1b2C3.*reconnect the Facebook account/,
  malformed: [{ body: { data: "none" } }, { body: { data: [{ name: "No id" }] } }, { body: { pages: [] } }],
});

describe("facebook-pages.createPagePost", () => {
  const props = { pageId: PAGE_ID, message: "Fresh roast today" };
  const created = { body: { id: `${PAGE_ID}_1` } };

  it("schedules a post: unpublished, with the time as a unix timestamp", async () => {
    const at = new Date(Date.now() + 2 * 24 * 3600_000);
    at.setMilliseconds(0);
    const unix = String(at.getTime() / 1000);
    const ctx = await ctxFor(
      [
        pageTokenRoute(),
        {
          method: "POST",
          path: `/${PAGE_ID}/feed`,
          check: feedCheck({ message: "Later", published: "false", scheduled_publish_time: unix }),
          respond: created,
        },
      ],
      createPagePost,
      {
        ...props,
        message: "Later",
        scheduledPublishTime: at.toISOString(),
      },
    );
    expect(await runAction(createPagePost, ctx)).toMatchObject({ id: `${PAGE_ID}_1`, published: false });
  });

  it("creates a hidden post when published is false", async () => {
    const ctx = await ctxFor(
      [
        pageTokenRoute(),
        {
          method: "POST",
          path: `/${PAGE_ID}/feed`,
          check: feedCheck({ message: "Fresh roast today", published: "false" }),
          respond: created,
        },
      ],
      createPagePost,
      { ...props, published: false },
    );
    expect(await runAction(createPagePost, ctx)).toMatchObject({ published: false });
  });

  it("refuses a schedule Facebook would refuse, before calling Facebook", async () => {
    const soon = new Date(Date.now() + 5 * 60_000).toISOString();
    const ctx = await ctxFor([pageTokenRoute()], createPagePost, { ...props, scheduledPublishTime: soon });
    await expect(runAction(createPagePost, ctx)).rejects.toThrow(
      /too soon: Facebook schedules posts at least 10 minutes ahead/,
    );
    expect(api!.requests).toHaveLength(0);
  });

  it("explains a missing Page token instead of posting as the user", async () => {
    const ctx = await ctxFor([pageTokenRoute({ body: { id: PAGE_ID } })], createPagePost, props);
    const err = await errorOf(runAction(createPagePost, ctx));
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toMatch(/no Page access token for Page 104183265412345.*select the Page/);
    expect(api!.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("names an unknown Page as not found", async () => {
    const unknown = {
      status: 400,
      body: graphFailure(
        100,
        "Unsupported get request. Object with ID '104183265412345' does not exist, " +
          "cannot be loaded due to missing permissions, or does not support this operation.",
        { type: "GraphMethodException", error_subcode: 33 },
      ),
    };
    const ctx = await ctxFor([pageTokenRoute(unknown)], createPagePost, props);
    await expect(runAction(createPagePost, ctx)).rejects.toThrow(
      /^Facebook could not look up Page 104183265412345: it does not exist.*Object with ID '104183265412345' does not exist.*fbtrace_id A1b2C3.*List pages/,
    );
  });

  it("never shows the Page token, even when Facebook echoes it", async () => {
    const echo = { status: 400, body: graphFailure(100, `Invalid parameter: token ${PAGE_TOKEN} cannot post links`) };
    const ctx = await ctxFor(
      [pageTokenRoute(), { method: "POST", path: `/${PAGE_ID}/feed`, respond: echo }],
      createPagePost,
      props,
    );
    const err = await errorOf(runAction(createPagePost, ctx));
    expect(err.message).toMatch(
      /^Facebook refused to post to Page 104183265412345: Invalid parameter: token \*\*\* cannot post links/,
    );
    expect(err.message).not.toContain(PAGE_TOKEN);
  });

  it("does not quote an unparsable token answer, which may hold the Page token", async () => {
    const ctx = await ctxFor([pageTokenRoute({ raw: `{"access_token":"${PAGE_TOKEN}` })], createPagePost, props);
    const err = await errorOf(runAction(createPagePost, ctx));
    expect(err.message).toBe(
      "Facebook's answer when asked to look up Page 104183265412345 is malformed (not valid JSON)",
    );
  });

  it("leaves a throttled post retryable for the engine, after one call", async () => {
    const throttled = { status: 400, body: graphFailure(32, "Page request limit reached") };
    const ctx = await ctxFor(
      [pageTokenRoute(), { method: "POST", path: `/${PAGE_ID}/feed`, respond: throttled }],
      createPagePost,
      props,
    );
    const err = await errorOf(runAction(createPagePost, ctx));
    expect(err).toBeInstanceOf(RetryableHttpError);
    expect(err).not.toBeInstanceOf(NonRetryableError);
    expect(err).toMatchObject({ retryable: true, retryAfterMs: 60_000 });
    expect(api!.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it.each([
    ["code 1", 400, graphFailure(1, "An unknown error occurred")],
    ["code 2", 500, graphFailure(2, "Service temporarily unavailable")],
    ["is_transient", 500, graphFailure(190999, "Please retry your request later.", { is_transient: true })],
    ["a bare 5xx", 502, { oops: true }],
  ])("does not retry a post that failed on Facebook's side (%s): it may exist", async (_name, status, body) => {
    const ctx = await ctxFor(
      [pageTokenRoute(), { method: "POST", path: `/${PAGE_ID}/feed`, respond: { status, body } }],
      createPagePost,
      props,
    );
    const err = await errorOf(runAction(createPagePost, ctx));
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toMatch(
      /^Facebook failed to post to Page 104183265412345 on its side: .*the outcome is unknown.*check the Page before re-running$/,
    );
    expect(api!.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("leaves a passing fault while looking up the Page token retryable: a read may be repeated", async () => {
    const ctx = await ctxFor(
      [
        pageTokenRoute({
          status: 500,
          body: graphFailure(2, "Service temporarily unavailable", { is_transient: true }),
        }),
      ],
      createPagePost,
      props,
    );
    const err = await errorOf(runAction(createPagePost, ctx));
    expect(err).toBeInstanceOf(RetryableHttpError);
    expect(err).toMatchObject({ retryable: true });
  });
});

describe("scheduleOf", () => {
  const now = Date.parse("2025-06-01T12:00:00Z");
  const base = { pageId: PAGE_ID, message: "m" };

  it("publishes now by default and honours published: false", () => {
    expect(scheduleOf(base, now)).toEqual({ published: true });
    expect(scheduleOf({ ...base, published: false }, now)).toEqual({ published: false });
  });

  it("turns a time 10 minutes to 30 days ahead into an unpublished post with a unix time", () => {
    expect(scheduleOf({ ...base, scheduledPublishTime: "2025-06-01T12:10:00Z" }, now)).toEqual({
      published: false,
      scheduledPublishTime: Date.parse("2025-06-01T12:10:00Z") / 1000,
    });
    expect(scheduleOf({ ...base, scheduledPublishTime: "2025-07-01T14:00:00+02:00", published: false }, now)).toEqual({
      published: false,
      scheduledPublishTime: Date.parse("2025-07-01T12:00:00Z") / 1000,
    });
  });

  it("refuses times outside Facebook's window and a schedule marked published", () => {
    expect(() => scheduleOf({ ...base, scheduledPublishTime: "2025-06-01T12:09:59Z" }, now)).toThrow(/too soon/);
    expect(() => scheduleOf({ ...base, scheduledPublishTime: "2025-07-01T12:00:01Z" }, now)).toThrow(
      /at most 30 days ahead/,
    );
    expect(() => scheduleOf({ ...base, scheduledPublishTime: "2025-06-02T12:00:00Z", published: true }, now)).toThrow(
      /cannot be published right away/,
    );
  });

  it("accepts only ISO times with a zone in the props", () => {
    expect(createPagePost.props.safeParse({ ...base, scheduledPublishTime: "tomorrow" }).success).toBe(false);
    expect(createPagePost.props.safeParse({ ...base, scheduledPublishTime: "2025-06-02T12:00:00" }).success).toBe(
      false,
    );
    expect(createPagePost.props.safeParse({ ...base, pageId: "me/feed" }).success).toBe(false);
  });
});

describe("facebook-pages.listPages", () => {
  const pageOf = (i: number) => ({
    id: String(1000 + i),
    name: `Page ${i}`,
    category: "Brand",
    tasks: ["CREATE_CONTENT"],
  });

  it("follows the after cursor while Facebook gives a next page, and maps roles to canPost", async () => {
    const ctx = await ctxFor(
      [
        {
          method: "GET",
          path: "/me/accounts",
          check: userAuth,
          respond: (r) =>
            r.query.after === "CURSOR2"
              ? {
                  body: {
                    data: [{ id: "2", name: "Careers" }],
                    paging: { cursors: { before: "CURSOR2", after: "CURSOR3" } },
                  },
                }
              : {
                  body: {
                    data: [{ id: "1", name: "Coffee", category: "Coffee shop", tasks: ["ANALYZE", "MODERATE"] }],
                    paging: {
                      cursors: { after: "CURSOR2" },
                      next: "https://graph.facebook.com/v21.0/me/accounts?access_token=x&after=CURSOR2",
                    },
                  },
                },
        },
      ],
      listPages,
      {},
    );
    expect(await runAction(listPages, ctx)).toEqual({
      pages: [
        { id: "1", name: "Coffee", category: "Coffee shop", canPost: false },
        { id: "2", name: "Careers", category: null, canPost: false },
      ],
      truncated: false,
    });
    expect(api!.requests.map((r) => r.query.after)).toEqual([undefined, "CURSOR2"]);
  });

  it("stops at 500 Pages and says the list is truncated", async () => {
    const ctx = await ctxFor(
      [
        {
          method: "GET",
          path: "/me/accounts",
          respond: (_r, n) => ({
            body: {
              data: Array.from({ length: 100 }, (_, i) => pageOf(n * 100 + i)),
              paging: { cursors: { after: `C${n}` }, next: "https://graph.facebook.com/next" },
            },
          }),
        },
      ],
      listPages,
      {},
    );
    const out = (await runAction(listPages, ctx)) as { pages: unknown[]; truncated: boolean };
    expect(out.pages).toHaveLength(500);
    expect(out.truncated).toBe(true);
    expect(api!.requests).toHaveLength(5);
  });
});

describe("facebook-pages auth test", () => {
  it("reads me with the user's token", async () => {
    api = await startFakeApi([
      {
        method: "GET",
        path: "/me",
        check: (r) => userAuth(r) ?? (r.query.fields === "id,name" ? undefined : "fields"),
        respond: { body: { id: "10158", name: "Ada Lovelace" } },
      },
    ]);
    const { http } = createMockContext(listPages, {
      connector: facebookPages,
      props: {},
      credentials,
      baseUrl: `${api.url}/`,
    });
    await expect(facebookPagesAuth.test!({ http })).resolves.toBeUndefined();
  });

  it("tells the user to reconnect an expired token", async () => {
    api = await startFakeApi([
      {
        method: "GET",
        path: "/me",
        respond: {
          status: 400,
          body: graphFailure(190, "Error validating access token: Session has expired", { error_subcode: 463 }),
        },
      },
    ]);
    const { http } = createMockContext(listPages, {
      connector: facebookPages,
      props: {},
      credentials,
      baseUrl: `${api.url}/`,
    });
    await expect(facebookPagesAuth.test!({ http })).rejects.toThrow(/reconnect the Facebook account/);
  });
});

describe("facebook-pages definition", () => {
  it("has sample outputs that match the outputs, and props the UI can render", () => {
    for (const action of facebookPages.actions) expect(action.output.safeParse(action.sampleOutput).success).toBe(true);
    const meta = connectorMetadata(facebookPages);
    expect(meta.auth).toEqual({
      kind: "oauth2",
      testable: true,
      scopes: ["pages_show_list", "pages_read_engagement", "pages_manage_posts"],
      pkce: false,
    });
    expect(meta.actions.find((a) => a.name === "createPagePost")!.props).toMatchObject({
      required: ["pageId", "message"],
    });
  });
});

describe("graphError", () => {
  const failure = (status: number, body: unknown) =>
    new HttpError(status, JSON.stringify(body), undefined, "https://graph.facebook.com/v21.0/1/feed");

  it.each([
    [
      400,
      graphFailure(200, "(#200) The user hasn't authorized the application to perform this action"),
      /^Facebook did not let the connection post to Page 1: \(#200\).*fbtrace_id A1b2C3.*pages_manage_posts/,
    ],
    [
      403,
      graphFailure(10, "(#10) Application does not have permission for this action"),
      /did not let the connection.*pages_manage_posts/,
    ],
    [
      400,
      graphFailure(506, "Duplicate status message", {
        error_user_msg: "This status update is identical to the last one you posted.",
      }),
      /^Facebook refused to post to Page 1: Duplicate status message — This status update is identical.*\(code 506, fbtrace_id A1b2C3\)$/,
    ],
    [
      400,
      graphFailure(803, "(#803) Some of the aliases you requested do not exist: acme"),
      /could not post to Page 1: it does not exist/,
    ],
    [404, { unexpected: true }, /could not post to Page 1: it does not exist/],
  ])("HTTP %i %j is a clear NonRetryableError", (status, body, message) => {
    const err = graphError(failure(status, body), "post to Page 1");
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toMatch(message);
  });

  it.each([4, 17, 613, 80001])("throttling code %i is retryable whatever the status, after a minute", (code) => {
    const err = graphError(failure(400, graphFailure(code, "Application request limit reached")), "post to Page 1");
    expect(err).toMatchObject({ retryable: true, retryAfterMs: 60_000 });
    expect(err.message).toMatch(/rate-limiting.*fbtrace_id A1b2C3/);
  });

  it("passing faults are retryable with the engine's backoff; other 5xx and 429 stay as they were", () => {
    expect(
      graphError(
        failure(500, graphFailure(2, "Service temporarily unavailable", { is_transient: true })),
        "post to Page 1",
      ),
    ).toMatchObject({ retryable: true, retryAfterMs: undefined });
    expect(graphError(failure(400, graphFailure(1, "An unknown error occurred")), "post to Page 1")).toBeInstanceOf(
      RetryableHttpError,
    );
    const outage = failure(503, { oops: true });
    expect(graphError(outage, "post to Page 1")).toBe(outage);
    const limited = failure(429, graphFailure(4, "limit"));
    expect(graphError(limited, "post to Page 1")).toBe(limited);
  });

  it("on a write, passing faults and 5xx are non-retryable with an unknown outcome; throttling stays retryable", () => {
    const write = { write: true };
    for (const err of [
      failure(500, graphFailure(2, "Service temporarily unavailable", { is_transient: true })),
      failure(400, graphFailure(1, "An unknown error occurred")),
      failure(503, { oops: true }),
    ]) {
      const mapped = graphError(err, "post to Page 1", write);
      expect(mapped).toBeInstanceOf(NonRetryableError);
      expect(mapped.message).toMatch(/outcome is unknown/);
    }
    for (const code of [4, 17, 32, 341, 613, 80001])
      expect(graphError(failure(400, graphFailure(code, "limit")), "post to Page 1", write)).toMatchObject({
        retryable: true,
        retryAfterMs: 60_000,
      });
    const limited = failure(429, graphFailure(4, "limit"));
    expect(graphError(limited, "post to Page 1", write)).toBe(limited);
  });
});
