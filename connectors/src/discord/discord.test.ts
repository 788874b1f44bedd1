import { afterEach, describe, expect, it } from "vitest";
import {
  createMockContext,
  describeOperation,
  startFakeApi,
  type FakeApi,
  type FakeRequest,
  type FakeResponse,
} from "../sdk/testing";
import { postViaWebhook } from "./actions/post";
import { discord } from "./index";

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const WEBHOOK_TOKEN = "Xk9_aBcD-eFgH1234567890abcdefghij";
const HOOK_PATH = `/api/webhooks/112233445566778899/${WEBHOOK_TOKEN}`;
const credentials = { webhookUrl: `https://discord.com${HOOK_PATH}` };
const props = { content: "Shipped", username: "Release bot" };
/** The webhook URL is the credential: a request reaching this path carries it; nothing else should. */
const hookRoute = {
  method: "POST",
  path: HOOK_PATH,
  check: (r: FakeRequest) => {
    if (r.query.wait !== "true") return "wait=true missing";
    if (r.headers.authorization !== undefined) return "a webhook call needs no Authorization header";
    const b = r.json as { content?: string; username?: string };
    return b.content === "Shipped" && b.username === "Release bot" ? undefined : `body was ${r.body}`;
  },
};

async function post(respond: FakeResponse) {
  api = await startFakeApi([{ ...hookRoute, respond }]);
  return postViaWebhook.run!(
    createMockContext(postViaWebhook, { connector: discord, props, credentials, baseUrl: api.url }),
  );
}

describeOperation("discord.postViaWebhook contract", {
  connector: discord,
  operation: postViaWebhook,
  props,
  credentials,
  route: hookRoute,
  ok: {
    body: {
      id: "1234567890123456789",
      type: 0,
      channel_id: "9876543210987654321",
      content: "Shipped",
      webhook_id: "112233445566778899",
    },
  },
  expected: { id: "1234567890123456789", channelId: "9876543210987654321" },
  unauthorized: { status: 401, body: { message: "Invalid Webhook Token", code: 50027 } },
  unauthorizedError: /^Discord rejected the webhook \(Invalid Webhook Token, HTTP 401\).*update the connection/,
  // A 204 is what Discord answers without wait=true: the message is not returned.
  malformed: [{ body: { id: "1234567890123456789" } }, { status: 204 }],
});

describe("discord.postViaWebhook", () => {
  it("a deleted webhook is a clear, non-retryable error", async () => {
    await expect(post({ status: 404, body: { message: "Unknown Webhook", code: 10015 } })).rejects.toMatchObject({
      name: "NonRetryableError",
      message: expect.stringMatching(/^Discord rejected the webhook \(Unknown Webhook, HTTP 404\); it was deleted/),
    });
  });

  it("a refused message says why, in Discord's words", async () => {
    const invalid = {
      code: 50035,
      message: "Invalid Form Body",
      errors: { content: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH", message: "Must be 2000 or fewer in length." }] } },
    };
    await expect(post({ status: 400, body: invalid })).rejects.toThrow(
      /^Discord refused the message: Invalid Form Body .*Must be 2000 or fewer in length/,
    );
  });

  it("never shows the webhook token, whatever host the error quotes", async () => {
    for (const answer of [
      { status: 502, raw: "Bad Gateway", headers: { "content-type": "text/plain" } },
      { raw: "{not json" },
    ]) {
      const err = (await post(answer).catch((e: unknown) => e)) as Error;
      expect(err.message).toContain(api!.url);
      expect(err.message).not.toContain(WEBHOOK_TOKEN);
      await api!.close();
    }
  });

  it("refuses a stored URL that is not a Discord webhook", () => {
    expect(() =>
      createMockContext(postViaWebhook, {
        connector: discord,
        props: { content: "x" },
        credentials: { webhookUrl: "https://evil.example/x" },
        baseUrl: "http://127.0.0.1:9",
      }),
    ).toThrow(/webhook URL/);
  });
});
