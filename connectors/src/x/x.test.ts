import { afterEach, describe, expect, it } from "vitest";
import type { ActionDefinition } from "../sdk/define";
import { HttpError, NonRetryableError } from "../sdk/errors";
import { connectorMetadata } from "../sdk/metadata";
import { runAction } from "../sdk/run";
import {
  createMockContext,
  describeOperation,
  startFakeApi,
  type FakeApi,
  type FakeRequest,
  type FakeResponse,
} from "../sdk/testing";
import { createPost, deletePost } from "./actions/posts";
import { xAuth } from "./auth";
import { x } from "./index";

const TOKEN = "x-user-access-token-123";
const POST_ID = "1445880548472328192";
const credentials = { accessToken: TOKEN, refreshToken: "x-refresh-token-456" };

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const bearer = (r: FakeRequest) =>
  r.headers.authorization === `Bearer ${TOKEN}`
    ? undefined
    : `expected the user token, got ${String(r.headers.authorization)}`;
const sameJson = (r: FakeRequest, expected: unknown) =>
  JSON.stringify(r.json) === JSON.stringify(expected) ? undefined : `body was ${r.body}`;

/** What X answers for a created post (201). */
const created = (text: string): FakeResponse => ({
  status: 201,
  body: { data: { id: POST_ID, text, edit_history_tweet_ids: [POST_ID] } },
});
const unauthorized: FakeResponse = {
  status: 401,
  body: { title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" },
};

async function run(
  action: ActionDefinition,
  props: unknown,
  route: { method: string; path: string; check?(r: FakeRequest): string | undefined },
  respond: FakeResponse | ((r: FakeRequest, n: number) => FakeResponse),
) {
  api = await startFakeApi([{ ...route, check: (r) => bearer(r) ?? route.check?.(r), respond }]);
  return runAction(action, createMockContext(action, { connector: x, props, credentials, baseUrl: `${api.url}/2/` }));
}

const postTweets = (expected: unknown) => ({
  method: "POST",
  path: "/2/tweets",
  check: (r: FakeRequest) =>
    r.headers["content-type"]?.startsWith("application/json") ? sameJson(r, expected) : "not JSON",
});
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("the call succeeded"),
    (e: unknown) => e as Error,
  );

describe("x.createPost", () => {
  it("sends only the text when nothing else is asked for, and links the new post", async () => {
    expect(
      await run(
        createPost,
        { text: "Hello from Switchyard" },
        postTweets({ text: "Hello from Switchyard" }),
        created("Hello from Switchyard"),
      ),
    ).toEqual({
      id: POST_ID,
      text: "Hello from Switchyard",
      url: `https://x.com/i/web/status/${POST_ID}`,
    });
  });

  it("takes post URLs for the reply and quote targets and sends X's field names", async () => {
    const props = {
      text: "Agreed",
      replyToPostId: "https://x.com/XDevelopers/status/1234567890?s=20",
      quotePostId: " https://twitter.com/i/web/status/987654321 ",
    };
    await run(
      createPost,
      props,
      postTweets({ text: "Agreed", reply: { in_reply_to_tweet_id: "1234567890" }, quote_tweet_id: "987654321" }),
      created("Agreed"),
    );
    expect(api!.requests).toHaveLength(1);
  });

  it("validates what X would refuse anyway, and leaves the account-dependent length to X", () => {
    const parse = (p: Record<string, unknown>) => createPost.props.safeParse({ text: "hi", ...p }).success;
    expect(parse({ text: "" })).toBe(false);
    expect(parse({ text: "a".repeat(281) })).toBe(true);
    expect(parse({ text: "a".repeat(25_001) })).toBe(false);
    expect(parse({ mediaIds: ["1", "2", "3", "4"] })).toBe(true);
    expect(parse({ mediaIds: ["1", "2", "3", "4", "5"] })).toBe(false);
    expect(parse({ mediaIds: ["abc"] })).toBe(false);
    expect(parse({ replySettings: "everyone" })).toBe(false);
    expect(parse({ replyToPostId: "https://example.com/status/123" })).toBe(false);
    expect(parse({ quotePostId: "12345678901234567890" })).toBe(false);
  });

  it("reports a refusal (duplicate content) with X's words, without blaming the connection", async () => {
    const err = await failure(
      run(createPost, { text: "Same again" }, postTweets({ text: "Same again" }), {
        status: 403,
        body: {
          title: "Forbidden",
          detail: "You are not allowed to create a Tweet with duplicate content.",
          type: "about:blank",
          status: 403,
        },
      }),
    );
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toBe(
      "X refused to create the post: You are not allowed to create a Tweet with duplicate content.",
    );
    expect(api!.requests).toHaveLength(1);
  });

  it.each([
    {
      title: "Forbidden",
      detail: "Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.",
      type: "https://api.twitter.com/2/problems/oauth1-permissions",
      status: 403,
    },
    {
      title: "Client Forbidden",
      detail:
        "When authenticating requests to the Twitter API v2 endpoints, " +
        "you must use keys and tokens from a Twitter developer App that is attached to a Project.",
      reason: "client-not-enrolled",
      type: "https://api.twitter.com/2/problems/client-forbidden",
    },
    { title: "Forbidden", type: "about:blank", status: 403, detail: "Forbidden" },
  ])("points to the connection when a 403 is about access (%#)", async (body) => {
    const err = await failure(run(createPost, { text: "hi" }, postTweets({ text: "hi" }), { status: 403, body }));
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toContain(`X did not let the connection create the post (${body.detail})`);
    expect(err.message).toMatch(/reconnect the X account/);
  });

  it("lists each invalid parameter X names in a 400", async () => {
    const body = {
      errors: [
        { parameters: { "media.media_ids": ["999"] }, message: "Your media IDs are invalid." },
        { message: "Your media IDs are invalid." },
      ],
      title: "Invalid Request",
      detail: "One or more parameters to your request was invalid.",
      type: "https://api.twitter.com/2/problems/invalid-request",
    };
    const err = await failure(
      run(createPost, { text: "pic", mediaIds: ["999"] }, postTweets({ text: "pic", media: { media_ids: ["999"] } }), {
        status: 400,
        body,
      }),
    );
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toBe(
      "X refused to create the post: One or more parameters to your request was invalid. (Your media IDs are invalid.)",
    );
  });

  it("surfaces errors X sends in a 2xx answer that created nothing", async () => {
    const body = {
      errors: [
        {
          title: "Invalid Request",
          detail:
            "Reply to this conversation is not allowed because you have not been mentioned " +
            "or otherwise engaged by the author of the post you are replying to.",
        },
      ],
    };
    const err = await failure(
      run(
        createPost,
        { text: "hi", replyToPostId: "42", replySettings: "following" },
        postTweets({ text: "hi", reply: { in_reply_to_tweet_id: "42" }, reply_settings: "following" }),
        { status: 200, body },
      ),
    );
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toMatch(/^X refused to create the post: Reply to this conversation is not allowed/);
  });

  it("stops at a used-up usage cap but leaves a plain 429 to the engine's retries", async () => {
    const capped = {
      title: "UsageCapExceeded",
      detail: "Usage cap exceeded: Monthly product cap",
      type: "https://api.twitter.com/2/problems/usage-capped",
      status: 429,
    };
    const err = await failure(
      run(createPost, { text: "hi" }, postTweets({ text: "hi" }), { status: 429, body: capped }),
    );
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toContain("used up its API usage cap (Usage cap exceeded: Monthly product cap)");
    await api!.close();

    const limited = await failure(
      run(createPost, { text: "hi" }, postTweets({ text: "hi" }), {
        status: 429,
        headers: { "x-rate-limit-reset": "1700000000" },
        body: { title: "Too Many Requests", detail: "Too Many Requests", type: "about:blank", status: 429 },
      }),
    );
    expect(limited).toBeInstanceOf(HttpError);
    expect((limited as HttpError).retryable).toBe(true);
  });

  it("never repeats the POST after a server error, nor lets the engine, so a post is never doubled", async () => {
    const err = await failure(
      run(createPost, { text: "hi" }, postTweets({ text: "hi" }), {
        status: 503,
        body: { title: "Service Unavailable", detail: "Service Unavailable", type: "about:blank", status: 503 },
      }),
    );
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toBe(
      "X answered HTTP 503 when asked to create the post (Service Unavailable); " +
        "it may or may not have happened — check the account before re-running",
    );
    expect(api!.requests).toHaveLength(1);
  });

  it("leaves a server error on a delete to the engine's retries: deleting again is harmless", async () => {
    const err = await failure(
      run(
        deletePost,
        { postId: POST_ID },
        { method: "DELETE", path: `/2/tweets/${POST_ID}` },
        {
          status: 503,
          body: { title: "Service Unavailable", detail: "Service Unavailable", type: "about:blank", status: 503 },
        },
      ),
    );
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).retryable).toBe(true);
  });
});

describe("x.deletePost", () => {
  it("deletes by URL and reports what X says", async () => {
    const route = { method: "DELETE", path: `/2/tweets/${POST_ID}` };
    expect(
      await run(deletePost, { postId: `https://x.com/acme/status/${POST_ID}/photo/1` }, route, {
        body: { data: { deleted: true } },
      }),
    ).toEqual({ deleted: true });
  });

  it("names what was not found", async () => {
    const route = { method: "DELETE", path: "/2/tweets/42" };
    const err = await failure(
      run(deletePost, { postId: "42" }, route, {
        status: 404,
        body: {
          title: "Not Found Error",
          detail: "Could not find tweet with id: [42].",
          type: "https://api.twitter.com/2/problems/resource-not-found",
        },
      }),
    );
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toBe("X could not delete the post: not found (Could not find tweet with id: [42].)");
  });
});

describe("x auth", () => {
  it("is OAuth 2.0 with PKCE, HTTP Basic client auth and a refresh token", () => {
    expect(connectorMetadata(x).auth).toEqual({
      kind: "oauth2",
      testable: true,
      scopes: ["tweet.read", "tweet.write", "users.read", "offline.access"],
      pkce: true,
    });
    expect(xAuth).toMatchObject({
      authorizationUrl: "https://x.com/i/oauth2/authorize",
      tokenUrl: "https://api.x.com/2/oauth2/token",
      clientAuth: "basic",
    });
  });

  it("tests the connection with users/me and explains a refused token", async () => {
    const test = async (respond: FakeResponse) => {
      api = await startFakeApi([{ method: "GET", path: "/2/users/me", check: bearer, respond }]);
      const { http } = createMockContext(deletePost, {
        connector: x,
        props: { postId: "1" },
        credentials,
        baseUrl: `${api.url}/2/`,
      });
      return xAuth.test!({ http }).finally(() => api!.close());
    };
    await expect(
      test({ body: { data: { id: "2244994945", name: "X Dev", username: "XDevelopers" } } }),
    ).resolves.toBeUndefined();
    await expect(test(unauthorized)).rejects.toThrow(
      "X rejected the connection's token (Unauthorized); reconnect the X account",
    );
    await expect(test({ body: { data: { id: 2244994945 } } })).rejects.toThrow(/malformed/);
  });

  it("publishes form schemas and sample outputs that match the outputs", () => {
    const meta = connectorMetadata(x);
    expect(meta.actions.map((a) => a.name)).toEqual(["createPost", "deletePost"]);
    expect(meta.actions[0]!.props).toMatchObject({
      required: ["text"],
      properties: {
        replySettings: { enum: ["following", "mentionedUsers", "subscribers", "verified"] },
        mediaIds: { maxItems: 4 },
      },
    });
    for (const action of x.actions) expect(action.output.safeParse(action.sampleOutput).success).toBe(true);
  });
});

describeOperation("x.createPost contract", {
  connector: x,
  operation: createPost,
  basePath: "/2/",
  props: {
    text: "Release 1.2.3 is out",
    replyToPostId: "1346889436626259968",
    mediaIds: ["1146654567674912769"],
    replySettings: "mentionedUsers",
  },
  credentials,
  route: {
    method: "POST",
    path: "/2/tweets",
    check: (r) =>
      bearer(r) ??
      sameJson(r, {
        text: "Release 1.2.3 is out",
        reply: { in_reply_to_tweet_id: "1346889436626259968" },
        media: { media_ids: ["1146654567674912769"] },
        reply_settings: "mentionedUsers",
      }),
  },
  ok: created("Release 1.2.3 is out"),
  expected: { id: POST_ID, text: "Release 1.2.3 is out", url: `https://x.com/i/web/status/${POST_ID}` },
  unauthorized,
  unauthorizedError: "X rejected the connection's token (Unauthorized); reconnect the X account",
  malformed: [
    { status: 201, body: {} },
    { status: 201, body: { data: { id: 1445880548472328, text: "t" } } },
    { status: 201, body: { data: { id: POST_ID } } },
  ],
});

describeOperation("x.deletePost contract", {
  connector: x,
  operation: deletePost,
  basePath: "/2/",
  props: { postId: POST_ID },
  credentials,
  route: {
    method: "DELETE",
    path: `/2/tweets/${POST_ID}`,
    check: (r) => bearer(r) ?? (r.body ? `unexpected body ${r.body}` : undefined),
  },
  ok: { body: { data: { deleted: true } } },
  expected: { deleted: true },
  unauthorized,
  unauthorizedError: "X rejected the connection's token (Unauthorized); reconnect the X account",
  malformed: [{ body: { deleted: true } }, { body: { data: { deleted: "yes" } } }],
});
