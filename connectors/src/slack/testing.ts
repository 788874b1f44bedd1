// Slack as tests meet it: requests signed the way Slack signs them, and a fake Web API that
// records what the code under test asked of Slack.
import { createHmac } from "node:crypto";
import { startFakeApi, type FakeApi, type FakeRequest, type FakeResponse } from "../sdk/testing/fake-api";

/** The headers of a request signed as Slack signs it (v0 HMAC-SHA256 over "v0:<timestamp>:<body>"). */
export function signSlackRequest(
  body: string,
  { secret, at = Date.now() }: { secret: string; at?: number },
): Record<string, string> {
  const timestamp = String(Math.floor(at / 1000));
  return {
    "x-slack-request-timestamp": timestamp,
    "x-slack-signature": `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`,
  };
}

export interface FakeSlackUser {
  id: string;
  email?: string;
  realName?: string;
}

export interface FakeSlack extends FakeApi {
  /** The Web API base URL, as config takes it (`<url>/api/`). */
  apiUrl: string;
  /** The JSON bodies (or queries, for GET methods) of the calls to one method, in order. */
  calls(method: string): Record<string, unknown>[];
}

/**
 * A Slack Web API on loopback: chat.postMessage (a new ts each time), chat.update,
 * chat.postEphemeral, views.open, users.info and users.lookupByEmail over `users`.
 */
export async function startFakeSlack({ users = [] }: { users?: FakeSlackUser[] } = {}): Promise<FakeSlack> {
  const asSlack = (u: FakeSlackUser) => ({
    id: u.id,
    name: u.id.toLowerCase(),
    real_name: u.realName,
    profile: { email: u.email, real_name: u.realName },
  });
  const user = (found: FakeSlackUser | undefined): FakeResponse => ({
    body: found ? { ok: true, user: asSlack(found) } : { ok: false, error: "users_not_found" },
  });
  const echo = (r: FakeRequest) => ({ body: { ok: true, ...(r.json as object) } });
  const api = await startFakeApi([
    {
      method: "POST",
      path: "/api/chat.postMessage",
      respond: (r, n) => ({
        body: { ok: true, ...(r.json as object), ts: `1700000000.${String(n).padStart(6, "0")}` },
      }),
    },
    { method: "POST", path: "/api/chat.update", respond: echo },
    {
      method: "POST",
      path: "/api/chat.postEphemeral",
      respond: { body: { ok: true, message_ts: "1700000001.000001" } },
    },
    {
      method: "POST",
      path: "/api/views.open",
      respond: (r) => ({ body: { ok: true, view: { id: "V1", ...(r.json as object) } } }),
    },
    { method: "GET", path: "/api/users.info", respond: (r) => user(users.find((u) => u.id === r.query.user)) },
    {
      method: "GET",
      path: "/api/users.lookupByEmail",
      respond: (r) => user(users.find((u) => u.email === r.query.email)),
    },
  ]);
  return {
    ...api,
    apiUrl: `${api.url}/api/`,
    calls: (method) =>
      api.requests
        .filter((r) => r.path === `/api/${method}`)
        .map((r) => (r.method === "GET" ? r.query : (r.json as Record<string, unknown>))),
  };
}
