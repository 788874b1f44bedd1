import { afterEach, describe, expect, it } from "vitest";
import type { ActionDefinition } from "../sdk/define";
import { createMockContext, startFakeApi, type FakeApi, type FakeRequest, type FakeResponse } from "../sdk/testing";
import { addReaction, postMessage, updateMessage } from "./actions/messages";
import { findUserByEmail } from "./actions/users";
import { slack } from "./index";

const TOKEN = "xoxb-test-token";
let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const authorized = (r: FakeRequest) => (r.headers.authorization === `Bearer ${TOKEN}` ? undefined : `expected the bot token, got ${String(r.headers.authorization)}`);

interface Case {
  name: string;
  action: ActionDefinition;
  method: "GET" | "POST";
  path: string;
  props: Record<string, unknown>;
  /** Checks the request carries what Slack's API needs. */
  check(r: FakeRequest): string | undefined;
  ok: FakeResponse["body"];
  expected: unknown;
}

const cases: Case[] = [
  {
    name: "postMessage",
    action: postMessage,
    method: "POST",
    path: "/api/chat.postMessage",
    props: { channel: "C1", text: "Released 1.2.3", threadTs: "1.1" },
    check: (r) => (JSON.stringify(r.json) === JSON.stringify({ channel: "C1", text: "Released 1.2.3", thread_ts: "1.1" }) ? undefined : `body was ${r.body}`),
    ok: { ok: true, channel: "C1", ts: "1712345678.000100", message: { text: "Released 1.2.3" } },
    expected: { channel: "C1", ts: "1712345678.000100" },
  },
  {
    name: "updateMessage",
    action: updateMessage,
    method: "POST",
    path: "/api/chat.update",
    props: { channel: "C1", ts: "1.2", text: "edited" },
    check: (r) => ((r.json as { ts?: string }).ts === "1.2" ? undefined : "ts missing"),
    ok: { ok: true, channel: "C1", ts: "1.2", text: "edited" },
    expected: { channel: "C1", ts: "1.2" },
  },
  {
    name: "addReaction",
    action: addReaction,
    method: "POST",
    path: "/api/reactions.add",
    props: { channel: "C1", ts: "1.2", name: "white_check_mark" },
    check: (r) => ((r.json as { timestamp?: string; name?: string }).timestamp === "1.2" && (r.json as { name?: string }).name === "white_check_mark" ? undefined : `body was ${r.body}`),
    ok: { ok: true },
    expected: { added: true },
  },
  {
    name: "findUserByEmail",
    action: findUserByEmail,
    method: "GET",
    path: "/api/users.lookupByEmail",
    props: { email: "ann@example.com" },
    check: (r) => (r.query.email === "ann@example.com" ? undefined : "email query missing"),
    ok: { ok: true, user: { id: "U1", name: "ann", real_name: "Ann Example", profile: { email: "ann@example.com" } } },
    expected: { id: "U1", name: "ann", realName: "Ann Example" },
  },
];

async function run(c: Case, respond: FakeResponse | ((r: FakeRequest, n: number) => FakeResponse)) {
  api = await startFakeApi([{ method: c.method, path: c.path, check: (r) => authorized(r) ?? c.check(r), respond }]);
  const ctx = createMockContext(c.action, { connector: slack, props: c.props, credentials: { accessToken: TOKEN }, baseUrl: `${api.url}/api/` });
  return c.action.run!(ctx);
}

describe.each(cases)("slack.$name", (c) => {
  it("sends the real request shape and maps the answer", async () => {
    expect(await run(c, { body: c.ok })).toEqual(c.expected);
    expect(api!.requests).toHaveLength(1);
  });

  it("turns an auth failure into a clear, non-retryable error", async () => {
    await expect(run(c, { body: { ok: false, error: "invalid_auth" } })).rejects.toThrow("Slack rejected the connection's token (invalid_auth); reconnect the Slack account");
  });

  it("waits out a 429's Retry-After and then succeeds", async () => {
    const t0 = Date.now();
    const out = await run(c, (_r, n) => (n === 1 ? { status: 429, headers: { "retry-after": "1" }, body: { ok: false, error: "ratelimited" } } : { body: c.ok }));
    expect(out).toEqual(c.expected);
    expect(api!.requests).toHaveLength(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });

  it("rejects a malformed response", async () => {
    await expect(run(c, { body: { channel: "C1" } })).rejects.toThrow(/unexpected response \(no "ok" field\)/);
    await expect(run(c, { raw: "<html>bad gateway</html>", headers: { "content-type": "application/json" } })).rejects.toThrow(/malformed JSON/);
  });
});

it("reports Slack's own error codes", async () => {
  await expect(run(cases[0]!, { body: { ok: false, error: "channel_not_found" } })).rejects.toThrow("Slack chat.postMessage failed: channel_not_found");
});
