import { afterEach, describe, expect, it } from "vitest";
import { createMockContext, startFakeApi, type FakeApi, type FakeRequest, type FakeResponse } from "../sdk/testing";
import { postViaWebhook } from "./actions/post";
import { discord } from "./index";

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const HOOK_PATH = "/api/webhooks/111/tok-en_1";

async function post(respond: FakeResponse | ((r: FakeRequest, n: number) => FakeResponse)) {
  api = await startFakeApi([
    { method: "POST", path: HOOK_PATH, check: (r) => (r.query.wait === "true" && (r.json as { content?: string }).content === "Shipped" ? undefined : `bad request ${r.body}`), respond },
  ]);
  const ctx = createMockContext(postViaWebhook, { connector: discord, props: { content: "Shipped" }, credentials: { webhookUrl: `https://discord.com${HOOK_PATH}` }, baseUrl: api.url });
  return postViaWebhook.run!(ctx);
}

describe("discord.postViaWebhook", () => {
  it("posts to the stored webhook's path under the configured base URL", async () => {
    expect(await post({ body: { id: "m1", channel_id: "c1", content: "Shipped" } })).toEqual({ id: "m1", channelId: "c1" });
  });

  it("a deleted webhook is a clear, non-retryable error", async () => {
    await expect(post({ status: 404, body: { message: "Unknown Webhook", code: 10015 } })).rejects.toThrow(/Discord rejected the webhook \(HTTP 404\)/);
  });

  it("waits out a 429's Retry-After", async () => {
    const out = await post((_r, n) => (n === 1 ? { status: 429, headers: { "retry-after": "1" }, body: { message: "You are being rate limited.", retry_after: 1 } } : { body: { id: "m2", channel_id: "c1" } }));
    expect(out).toEqual({ id: "m2", channelId: "c1" });
    expect(api!.requests).toHaveLength(2);
  });

  it("rejects a malformed response, and a stored URL that is not a Discord webhook", async () => {
    await expect(post({ body: { nope: true } })).rejects.toThrow(/unexpected response/);
    expect(() => createMockContext(postViaWebhook, { connector: discord, props: { content: "x" }, credentials: { webhookUrl: "https://evil.example/x" }, baseUrl: "http://127.0.0.1:9" })).toThrow(/webhook URL/);
  });
});
