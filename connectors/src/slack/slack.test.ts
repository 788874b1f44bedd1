import { afterEach, describe, expect, it } from "vitest";
import type { ActionDefinition, AppSettings } from "../sdk/define";
import { NonRetryableError } from "../sdk/errors";
import { takeUnseen } from "../sdk/polling";
import { runAction } from "../sdk/run";
import {
  createMockContext,
  describeOperation,
  startFakeApi,
  type FakeApi,
  type FakeRequest,
  type FakeResponse,
  type OperationContract,
} from "../sdk/testing";
import { signSlackRequest } from "./testing";
import { addReaction, postMessage, updateMessage } from "./actions/messages";
import { findUserByEmail } from "./actions/users";
import { slackAuth } from "./auth";
import { slackChallenge, verifySlackRequest } from "./events";
import { slack } from "./index";
import { newMessage } from "./triggers/new-message";

const TOKEN = "xoxb-test-token";
const credentials = { accessToken: TOKEN };

/** Slack needs the bot token on every call, and a charset on JSON bodies. */
const slackHeaders = (r: FakeRequest) => {
  if (r.headers.authorization !== `Bearer ${TOKEN}`)
    return `expected the bot token, got ${String(r.headers.authorization)}`;
  if (r.method === "POST" && r.headers["content-type"] !== "application/json; charset=utf-8")
    return `content-type was ${String(r.headers["content-type"])}`;
  return undefined;
};
const bodyIs = (expected: unknown) => (r: FakeRequest) =>
  slackHeaders(r) ?? (JSON.stringify(r.json) === JSON.stringify(expected) ? undefined : `body was ${r.body}`);

const unauthorized = {
  unauthorized: { body: { ok: false, error: "invalid_auth" } },
  unauthorizedError: "Slack rejected the connection's token (invalid_auth); reconnect the Slack account",
};

const contracts: [
  string,
  Omit<OperationContract, "connector" | "credentials" | "basePath" | "unauthorized" | "unauthorizedError">,
][] = [
  [
    "slack.postMessage",
    {
      operation: postMessage,
      props: { channel: "C1", text: "Released 1.2.3", threadTs: "1.1" },
      route: {
        method: "POST",
        path: "/api/chat.postMessage",
        check: bodyIs({ channel: "C1", text: "Released 1.2.3", thread_ts: "1.1" }),
      },
      ok: { body: { ok: true, channel: "C1", ts: "1712345678.000100", message: { text: "Released 1.2.3" } } },
      expected: { channel: "C1", ts: "1712345678.000100" },
      malformed: [
        { body: { ok: true } },
        { body: { channel: "C1", ts: "1.2" } },
        { body: { ok: true, channel: "C1", ts: 1712345678 } },
      ],
    },
  ],
  [
    "slack.updateMessage",
    {
      operation: updateMessage,
      props: { channel: "C1", ts: "1.2", text: "edited" },
      route: { method: "POST", path: "/api/chat.update", check: bodyIs({ channel: "C1", ts: "1.2", text: "edited" }) },
      ok: { body: { ok: true, channel: "C1", ts: "1.2", text: "edited" } },
      expected: { channel: "C1", ts: "1.2" },
      malformed: [{ body: { ok: true } }, { body: null }],
    },
  ],
  [
    "slack.addReaction",
    {
      operation: addReaction,
      props: { channel: "C1", ts: "1.2", name: "white_check_mark" },
      route: {
        method: "POST",
        path: "/api/reactions.add",
        check: bodyIs({ channel: "C1", timestamp: "1.2", name: "white_check_mark" }),
      },
      ok: { body: { ok: true } },
      expected: { added: true },
      malformed: [{ body: {} }, { body: { ok: "true" } }, { body: [] }],
    },
  ],
  [
    "slack.findUserByEmail",
    {
      operation: findUserByEmail,
      props: { email: "ann@example.com" },
      route: {
        method: "GET",
        path: "/api/users.lookupByEmail",
        check: (r) =>
          slackHeaders(r) ?? (r.query.email === "ann@example.com" ? undefined : `query was ${JSON.stringify(r.query)}`),
      },
      ok: {
        body: {
          ok: true,
          user: { id: "U1", name: "ann", real_name: "Ann Example", profile: { email: "ann@example.com" } },
        },
      },
      expected: { id: "U1", name: "ann", realName: "Ann Example" },
      malformed: [
        { body: { ok: true } },
        { body: { ok: true, user: null } },
        { body: { ok: true, user: "U1" } },
        { body: { ok: true, user: { name: "ann" } } },
      ],
    },
  ],
];

for (const [name, c] of contracts)
  describeOperation(`${name} contract`, { connector: slack, credentials, basePath: "/api/", ...unauthorized, ...c });

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** Runs an action against one fake Slack method that answers as given. */
async function runAgainst(action: ActionDefinition, props: unknown, call: string, respond: FakeResponse) {
  const [method, name] = call.split(" ");
  api = await startFakeApi([{ method: method!, path: `/api/${name!}`, check: slackHeaders, respond }]);
  return runAction(
    action,
    createMockContext(action, { connector: slack, props, credentials, baseUrl: `${api.url}/api/` }),
  );
}
const failure = (error: string, extra: Record<string, unknown> = {}): FakeResponse => ({
  body: { ok: false, error, ...extra },
});
const post = { channel: "C1", text: "hi" };
const message = { channel: "C1", ts: "1.2", text: "edited" };

describe("slack error mapping", () => {
  it.each(["not_authed", "token_revoked", "token_expired", "account_inactive"])(
    "asks to reconnect on %s",
    async (code) => {
      const err = await runAgainst(postMessage, post, "POST chat.postMessage", failure(code)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NonRetryableError);
      expect((err as Error).message).toBe(
        `Slack rejected the connection's token (${code}); reconnect the Slack account`,
      );
    },
  );

  it.each([
    [
      postMessage,
      post,
      "POST chat.postMessage",
      failure("channel_not_found"),
      "Slack chat.postMessage failed (channel_not_found): channel C1 not found; use the channel's ID (like C0123ABC)",
    ],
    [
      postMessage,
      post,
      "POST chat.postMessage",
      failure("not_in_channel"),
      "the app is not a member of channel C1; invite it there",
    ],
    [postMessage, post, "POST chat.postMessage", failure("is_archived"), "channel C1 is archived"],
    [
      postMessage,
      post,
      "POST chat.postMessage",
      failure("missing_scope", { needed: "chat:write", provided: "users:read" }),
      "lacks the Slack permission chat:write; reconnect Slack to grant it",
    ],
    [
      postMessage,
      post,
      "POST chat.postMessage",
      failure("invalid_blocks", {
        response_metadata: { messages: ["[ERROR] missing required field: text [json-pointer:/blocks/0/text]"] },
      }),
      "failed (invalid_blocks) ([ERROR] missing required field: text [json-pointer:/blocks/0/text])",
    ],
    [
      postMessage,
      post,
      "POST chat.postMessage",
      failure("some_future_code"),
      "Slack chat.postMessage failed (some_future_code)",
    ],
    [updateMessage, message, "POST chat.update", failure("message_not_found"), "no message with ts 1.2 in channel C1"],
    [
      updateMessage,
      message,
      "POST chat.update",
      failure("cant_update_message"),
      "the app can only edit messages it posted itself",
    ],
    [
      addReaction,
      { channel: "C1", ts: "1.2", name: "shipit" },
      "POST reactions.add",
      failure("invalid_name"),
      'there is no emoji named "shipit"',
    ],
    [
      addReaction,
      { channel: "C1", ts: "9.9", name: "eyes" },
      "POST reactions.add",
      failure("message_not_found"),
      "no message with ts 9.9 in channel C1",
    ],
    [
      findUserByEmail,
      { email: "bob@example.com" },
      "GET users.lookupByEmail",
      failure("users_not_found"),
      "no member of the workspace has the email bob@example.com",
    ],
  ] as const)("explains %#", async (action, props, method, answer, text) => {
    const err = await runAgainst(action, props, method, answer).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonRetryableError);
    expect((err as Error).message).toContain(text);
  });

  it.each([
    [postMessage, post, "POST chat.postMessage"],
    [updateMessage, message, "POST chat.update"],
    [addReaction, { channel: "C1", ts: "1.2", name: "eyes" }, "POST reactions.add"],
  ] as const)("does not retry a write whose outcome Slack leaves unknown (%#)", async (action, props, call) => {
    for (const code of ["internal_error", "fatal_error", "request_timeout"]) {
      const err = await runAgainst(action, props, call, failure(code)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NonRetryableError);
      expect((err as Error).message).toBe(
        `Slack ${call.split(" ")[1]!} failed on Slack's side (${code}) and the outcome is unknown: ` +
          "Slack may have carried it out; check the channel before re-running",
      );
      expect(api!.requests).toHaveLength(1);
      await api!.close();
      api = undefined;
    }
  });

  it.each(["internal_error", "fatal_error", "request_timeout", "service_unavailable"])(
    "leaves %s retryable for a read",
    async (code) => {
      const err = await runAgainst(
        findUserByEmail,
        { email: "ann@example.com" },
        "GET users.lookupByEmail",
        failure(code),
      ).catch((e: unknown) => e);
      expect((err as Error).message).toBe(`Slack users.lookupByEmail failed on Slack's side (${code})`);
      expect(err).not.toBeInstanceOf(NonRetryableError);
    },
  );

  it.each(["service_unavailable", "ratelimited"])(
    "leaves %s retryable for a write (Slack did not carry it out)",
    async (code) => {
      const err = await runAgainst(postMessage, post, "POST chat.postMessage", failure(code)).catch((e: unknown) => e);
      expect((err as Error).message).toBe(`Slack chat.postMessage failed on Slack's side (${code})`);
      expect(err).not.toBeInstanceOf(NonRetryableError);
    },
  );

  it("treats a reaction that is already there as done", async () => {
    expect(
      await runAgainst(
        addReaction,
        { channel: "C1", ts: "1.2", name: "eyes" },
        "POST reactions.add",
        failure("already_reacted"),
      ),
    ).toEqual({ added: false });
  });
});

describe("slack OAuth", () => {
  it("asks for comma-separated scopes and keeps the team the bot token acts in (routes Events API deliveries)", () => {
    expect(slackAuth).toMatchObject({ kind: "oauth2", scopeSeparator: "," });
    const auth = slackAuth as Extract<typeof slackAuth, { kind: "oauth2" }>;
    expect(auth.accountOf!({ ok: true, access_token: "xoxb", team: { id: "T0ACME", name: "Acme" } })).toEqual({
      id: "T0ACME",
      name: "Acme",
    });
    expect(auth.accountOf!({ ok: true, access_token: "xoxb" })).toBeUndefined();
  });
});

describe("slack connection test", () => {
  const testWith = async (respond: FakeResponse) => {
    api = await startFakeApi([{ method: "POST", path: "/api/auth.test", check: slackHeaders, respond }]);
    return slackAuth.test!({
      http: createMockContext(postMessage, { connector: slack, props: post, credentials, baseUrl: `${api.url}/api/` })
        .http,
    });
  };

  it("calls auth.test with the token", async () => {
    await testWith({ body: { ok: true, team: "Acme", user: "switchyard", team_id: "T1", user_id: "U1" } });
    expect(api!.requests).toHaveLength(1);
  });

  it("leaves an internal_error of auth.test retryable", async () => {
    const err = await testWith(failure("internal_error")).catch((e: unknown) => e);
    expect((err as Error).message).toBe("Slack auth.test failed on Slack's side (internal_error)");
    expect(err).not.toBeInstanceOf(NonRetryableError);
  });

  it("fails clearly on a revoked token", async () => {
    await expect(testWith(failure("token_revoked"))).rejects.toThrow("reconnect the Slack account");
  });
});

describe("slack.newMessage trigger", () => {
  // The signing secret from Slack's "Verifying requests" guide.
  const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  const CHANNEL = "C0123ABC";

  /** A delivery signed the way Slack signs it. */
  function signed(
    payload: unknown,
    { at = Date.now(), secret = SECRET, raw }: { at?: number; secret?: string; raw?: string } = {},
  ) {
    const body = raw ?? JSON.stringify(payload);
    return {
      headers: {
        "content-type": "application/json",
        ...signSlackRequest(body, { secret, at }),
      } as Record<string, string | undefined>,
      body,
    };
  }

  const callback = (event: Record<string, unknown>, eventId = "Ev0PV52K21") => ({
    token: "legacy-verification-token",
    team_id: "T0001",
    api_app_id: "A0001",
    type: "event_callback",
    event_id: eventId,
    event_time: 1712345678,
    event: {
      type: "message",
      channel: CHANNEL,
      channel_type: "channel",
      user: "U0001",
      text: "Deploy finished",
      ts: "1712345678.000100",
      event_ts: "1712345678.000100",
      ...event,
    },
  });

  type Delivery = { headers: Record<string, string | undefined>; body: string };
  function parseWith(app: AppSettings | undefined, request: Delivery, props: Record<string, unknown> = {}) {
    const ctx = createMockContext(newMessage, {
      connector: slack,
      props: { channel: CHANNEL, ...props },
      credentials,
      app,
    });
    return newMessage.parse!({ ...ctx, request });
  }
  const parse = (request: Delivery, props?: Record<string, unknown>) =>
    parseWith({ signingSecret: SECRET }, request, props);

  const item = {
    eventId: "Ev0PV52K21",
    team: "T0001",
    channel: CHANNEL,
    user: "U0001",
    botId: null,
    text: "Deploy finished",
    ts: "1712345678.000100",
    threadTs: null,
  };

  it("emits a new message in the channel, keyed by the event id", async () => {
    const items = await parse(signed(callback({})));
    expect(items).toEqual([item]);
    expect(newMessage.dedupeKey!(items[0]!)).toBe("Ev0PV52K21");
  });

  it("keys a redelivery like the first delivery, so through the trigger's dedupe it starts nothing new", async () => {
    const ctx = createMockContext(newMessage, {
      connector: slack,
      props: { channel: CHANNEL },
      credentials,
      app: { signingSecret: SECRET },
    });
    const first = await newMessage.parse!({ ...ctx, request: signed(callback({})) });
    const retry = signed(callback({}));
    retry.headers["x-slack-retry-num"] = "1";
    retry.headers["x-slack-retry-reason"] = "http_timeout";
    const again = await newMessage.parse!({ ...ctx, request: retry });
    expect(again.map(newMessage.dedupeKey!)).toEqual(["Ev0PV52K21"]);
    expect(await takeUnseen(newMessage, ctx, first)).toEqual([item]);
    expect(await takeUnseen(newMessage, ctx, again)).toEqual([]);
  });

  it("ignores messages in other channels", async () => {
    expect(await parse(signed(callback({ channel: "C999OTHER" })))).toEqual([]);
  });

  it.each([
    [
      "message_changed",
      {
        subtype: "message_changed",
        hidden: true,
        user: undefined,
        message: { type: "message", user: "U0001", text: "edited", ts: "1712345000.000100" },
      },
    ],
    ["message_deleted", { subtype: "message_deleted", hidden: true, user: undefined, deleted_ts: "1712345000.000100" }],
    ["channel_join", { subtype: "channel_join", text: "<@U0001> has joined the channel" }],
    ["channel_leave", { subtype: "channel_leave", text: "<@U0001> has left the channel" }],
    ["channel_topic", { subtype: "channel_topic", topic: "Releases" }],
  ])("skips %s", async (_name, event) => {
    expect(await parse(signed(callback(event)))).toEqual([]);
  });

  it.each(["file_share", "me_message"])("emits %s as a new message", async (subtype) => {
    expect(await parse(signed(callback({ subtype })))).toEqual([item]);
  });

  it("emits a reply broadcast to the channel even without thread replies", async () => {
    expect(await parse(signed(callback({ subtype: "thread_broadcast", thread_ts: "1712340000.000200" })))).toEqual([
      { ...item, threadTs: "1712340000.000200" },
    ]);
  });

  it("emits thread replies only when asked", async () => {
    const reply = callback({ thread_ts: "1712340000.000200", parent_user_id: "U0002" });
    expect(await parse(signed(reply))).toEqual([]);
    expect(await parse(signed(reply), { includeThreadReplies: true })).toEqual([
      { ...item, threadTs: "1712340000.000200" },
    ]);
  });

  it("counts a thread's parent message as new", async () => {
    expect(await parse(signed(callback({ thread_ts: "1712345678.000100" })))).toEqual([
      { ...item, threadTs: "1712345678.000100" },
    ]);
  });

  it("emits bot messages only when asked", async () => {
    const bot = callback({ subtype: "bot_message", user: undefined, bot_id: "B0001", username: "CI" });
    expect(await parse(signed(bot))).toEqual([]);
    expect(await parse(signed(bot), { includeBotMessages: true })).toEqual([{ ...item, user: null, botId: "B0001" }]);
  });

  it("counts the app's own posts as bot messages: a workflow posting to its channel won't trigger itself", async () => {
    const appPost = callback({ bot_id: "B0001", app_id: "A0001", user: "U0BOT" });
    expect(await parse(signed(appPost))).toEqual([]);
    expect(await parse(signed(appPost), { includeBotMessages: true })).toEqual([
      { ...item, user: "U0BOT", botId: "B0001" },
    ]);
  });

  it("ignores other events", async () => {
    expect(
      await parse(
        signed({
          ...callback({}),
          event: {
            type: "reaction_added",
            user: "U0001",
            reaction: "eyes",
            item: { type: "message", channel: CHANNEL, ts: "1.2" },
          },
        }),
      ),
    ).toEqual([]);
    expect(
      await parse(
        signed({ ...callback({}), event: { type: "channel_created", channel: { id: CHANNEL, name: "releases" } } }),
      ),
    ).toEqual([]);
  });

  it("answers nothing to url_verification, and the challenge helper echoes its challenge", async () => {
    const verification = signed({
      token: "legacy",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
      type: "url_verification",
    });
    expect(await parse(verification)).toEqual([]);
    expect(slackChallenge(verification.body)).toBe("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    expect(slackChallenge(JSON.stringify(callback({})))).toBeUndefined();
  });

  it.each([
    ["a wrong secret", () => signed(callback({}), { secret: "not-the-secret" }), "signature does not match"],
    [
      "a changed body",
      () => ({ ...signed(callback({})), body: JSON.stringify(callback({ text: "rm -rf" })) }),
      "signature does not match",
    ],
    ["a stale timestamp", () => signed(callback({}), { at: Date.now() - 6 * 60_000 }), "more than 5 minutes from now"],
    ["a future timestamp", () => signed(callback({}), { at: Date.now() + 6 * 60_000 }), "more than 5 minutes from now"],
    [
      "no signature header",
      () => ({
        ...signed(callback({})),
        headers: { "x-slack-request-timestamp": String(Math.floor(Date.now() / 1000)) },
      }),
      "not signed",
    ],
    [
      "no timestamp header",
      () => ({
        ...signed(callback({})),
        headers: { "x-slack-signature": signed(callback({})).headers["x-slack-signature"] },
      }),
      "not signed",
    ],
  ])("refuses a delivery with %s", async (_name, request, message) => {
    const err = await parse(request()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonRetryableError);
    expect((err as Error).message).toContain(message);
  });

  it("says where to set the signing secret when it is missing", async () => {
    await expect(parseWith(undefined, signed(callback({})))).rejects.toThrow(
      "set the Slack app's signing secret in SWITCHYARD_OAUTH_CLIENTS (field signingSecret)",
    );
    await expect(parseWith({}, signed(callback({})))).rejects.toThrow(NonRetryableError);
  });

  it("reports a signed but malformed delivery as malformed", async () => {
    await expect(parse(signed(undefined, { raw: "{not json" }))).rejects.toThrow(/malformed/);
    await expect(parse(signed(callback({ ts: undefined })))).rejects.toThrow(
      /Slack message event: the provider's answer is malformed \(event\.ts/,
    );
    await expect(parse(signed({ ...callback({}), event_id: undefined }))).rejects.toThrow(/malformed \(event_id/);
  });

  it("refuses a channel name instead of an ID", () => {
    expect(newMessage.props.safeParse({ channel: "#releases" }).success).toBe(false);
    expect(newMessage.props.parse({ channel: CHANNEL })).toEqual({
      channel: CHANNEL,
      includeBotMessages: false,
      includeThreadReplies: false,
    });
  });

  it("has a sample that matches its output", () => {
    expect(newMessage.output.parse(newMessage.sampleOutput)).toEqual(newMessage.sampleOutput);
  });
});

describe("verifySlackRequest", () => {
  // The worked example from Slack's "Verifying requests from Slack" guide.
  const body =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V" +
    "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=" +
    "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN" +
    "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
  const headers = {
    "x-slack-request-timestamp": "1531420618",
    "x-slack-signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
  };
  const at = 1531420618_000;

  it("accepts Slack's documented example within the 5-minute window", () => {
    expect(() => verifySlackRequest("8f742231b10e8888abcd99yyyzzz85a5", headers, body, at)).not.toThrow();
    expect(() => verifySlackRequest("8f742231b10e8888abcd99yyyzzz85a5", headers, body, at + 299_000)).not.toThrow();
    expect(() =>
      verifySlackRequest(
        "8f742231b10e8888abcd99yyyzzz85a5",
        {
          "X-Slack-Request-Timestamp": headers["x-slack-request-timestamp"],
          "X-Slack-Signature": headers["x-slack-signature"],
        },
        body,
        at,
      ),
    ).not.toThrow();
  });

  it("refuses it outside the window, with another secret, or with a non-numeric timestamp", () => {
    expect(() => verifySlackRequest("8f742231b10e8888abcd99yyyzzz85a5", headers, body, at + 301_000)).toThrow(
      "more than 5 minutes",
    );
    expect(() => verifySlackRequest("8f742231b10e8888abcd99yyyzzz85a6", headers, body, at)).toThrow(
      "signature does not match",
    );
    expect(() =>
      verifySlackRequest("8f742231b10e8888abcd99yyyzzz85a5", { ...headers, "x-slack-signature": "v0=abc" }, body, at),
    ).toThrow("signature does not match");
    expect(() =>
      verifySlackRequest(
        "8f742231b10e8888abcd99yyyzzz85a5",
        { ...headers, "x-slack-request-timestamp": "1531420618.5" },
        body,
        at,
      ),
    ).toThrow("not a Unix time");
  });
});
