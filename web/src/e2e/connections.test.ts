// Connections through the real Next.js app: key-based connections (create, test,
// where used, rename/delete rules) against a fake Telegram API, and OAuth2 against
// a real OAuth2 provider (oauth2-mock-server on 127.0.0.1): authorization code +
// PKCE, the signed state, the callback.
import { createHash, randomBytes } from "node:crypto";
import { generateApiToken, hashToken, loadConnectionSecrets, parseKeyRing, type Role } from "@switchyard/db";
import { startNextServer, useTestDatabase, type NextServer } from "@switchyard/devstack/testing";
import { startFakeApi, type FakeApi } from "@switchyard/connectors/testing";
import { OAuth2Server } from "oauth2-mock-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Services } from "../server/context";
import { signState, startOAuth } from "../server/services/oauth";

const t = useTestDatabase();
const provider = new OAuth2Server();
const GOOD_BOT = "123456789:AAgoodgoodgoodgoodgoodgood";
const BAD_BOT = "987654321:AArevokedrevokedrevokedrev";
let telegramApi: FakeApi;
let web: NextServer;
let workspaceId: string;
let editorTokenId: string;
let editor: string;
let viewer: string;
let admin: string;

const PUBLIC_URL = "http://switchyard.test";
const SECRET = randomBytes(32).toString("base64url");
const ENCRYPTION_KEY = randomBytes(32).toString("base64");
const ring = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: ENCRYPTION_KEY });

/** What the provider saw: authorization requests' query strings and token requests' bodies. */
let authorizeQueries: Record<string, string>[] = [];
let tokenBodies: Record<string, string>[] = [];

beforeAll(async () => {
  await provider.issuer.keys.generate("RS256");
  await provider.start(0, "127.0.0.1");
  provider.service.on("beforeAuthorizeRedirect", (_uri: unknown, req: { query: Record<string, string> }) => authorizeQueries.push({ ...req.query }));
  provider.service.on("beforeResponse", (_res: unknown, req: { body: Record<string, string> }) => tokenBodies.push({ ...req.body }));
  const issuer = provider.issuer.url!;
  telegramApi = await startFakeApi([
    { method: "POST", path: `/bot${GOOD_BOT}/getMe`, respond: { body: { ok: true, result: { id: 1, is_bot: true, username: "switchyard_bot" } } } },
    { method: "POST", path: `/bot${BAD_BOT}/getMe`, respond: { status: 401, body: { ok: false, error_code: 401, description: "Unauthorized" } } },
    // Facebook's token endpoint: the code gives a short-lived token, fb_exchange_token trades it for a long-lived one.
    {
      method: "POST",
      path: "/fb/oauth/access_token",
      check: (r) => (new URLSearchParams(r.body).get("client_secret") === "fb-secret" ? undefined : "client_secret missing"),
      respond: (r) => {
        const f = new URLSearchParams(r.body);
        if (f.get("grant_type") === "authorization_code") return { body: { access_token: "EAAshort", token_type: "bearer", expires_in: 5400 } };
        if (f.get("grant_type") === "fb_exchange_token" && f.get("fb_exchange_token") === "EAAshort") return { body: { access_token: "EAAlong", token_type: "bearer", expires_in: 5183944 } };
        return { status: 400, body: { error: { message: "Invalid grant", type: "OAuthException", code: 100 } } };
      },
    },
  ]);
  web = await startNextServer({
    // The fake listens on loopback; the guard itself is covered by the HTTP client's tests.
    SWITCHYARD_SSRF_GUARD: "off",
    SWITCHYARD_API_BASE_URLS: JSON.stringify({ telegram: `${telegramApi.url}/` }),
    DATABASE_URL: t.url,
    TEMPORAL_ADDRESS: "127.0.0.1:1",
    SWITCHYARD_ENCRYPTION_KEY: ENCRYPTION_KEY,
    SWITCHYARD_SECRET: SECRET,
    SWITCHYARD_PUBLIC_URL: PUBLIC_URL,
    SWITCHYARD_OAUTH_CLIENTS: JSON.stringify({
      slack: { clientId: "client-1", clientSecret: "shh-client-secret", authorizationUrl: `${issuer}/authorize`, tokenUrl: `${issuer}/token` },
      "facebook-pages": { clientId: "fb-app", clientSecret: "fb-secret", tokenUrl: `${telegramApi.url}/fb/oauth/access_token` },
    }),
  });
  const ws = await t.db.workspace.create({ data: { slug: "oauth", name: "OAuth" } });
  workspaceId = ws.id;
  const add = async (role: Role) => {
    const token = generateApiToken();
    const row = await t.db.apiToken.create({ data: { workspaceId, name: role, role, tokenHash: hashToken(token) } });
    return { token, id: row.id };
  };
  const e = await add("editor");
  [editor, editorTokenId] = [e.token, e.id];
  viewer = (await add("viewer")).token;
  admin = (await add("admin")).token;
}, 120_000);

afterAll(async () => {
  await web?.stop();
  await provider.stop();
  await telegramApi?.close();
});

beforeEach(() => {
  authorizeQueries = [];
  tokenBodies = [];
});

async function start(name: string, { token = editor, connector = "slack" } = {}) {
  const res = await fetch(`${web.url}/api/v1/connections/oauth/${connector}/start`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Plays the browser: visits the provider, which redirects to our PUBLIC_URL; that path is then sent to the test server. */
async function authorize(authorizationUrl: string): Promise<string> {
  const res = await fetch(authorizationUrl, { redirect: "manual" });
  expect(res.status).toBe(302);
  const location = res.headers.get("location")!;
  expect(location.startsWith(`${PUBLIC_URL}/api/v1/oauth/callback?`)).toBe(true);
  const back = new URL(location);
  return `${back.pathname}${back.search}`;
}

async function callback(pathAndQuery: string) {
  const res = await fetch(`${web.url}${pathAndQuery}`, { redirect: "manual" });
  return { status: res.status, html: await res.text(), type: res.headers.get("content-type") };
}

const connections = () => t.db.connection.findMany({ where: { workspaceId } });

describe("OAuth2 connections", () => {
  it("authorization code + PKCE: start, provider, callback → an encrypted connection with the provider's tokens", async () => {
    const started = await start("team-slack");
    expect(started.status).toBe(200);
    const url = new URL(started.body.authorizationUrl);
    expect(url.origin).toBe(provider.issuer.url);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: "code",
      client_id: "client-1",
      redirect_uri: `${PUBLIC_URL}/api/v1/oauth/callback`,
      code_challenge_method: "S256",
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
      // Slack's authorize endpoint wants commas between scopes, not RFC 6749's spaces.
      scope: expect.stringMatching(/^chat:write,reactions:write,[\w:.,]+$/),
    });
    // The verifier stays on the server; nothing secret is in the URL.
    expect(await t.db.oAuthAttempt.count({ where: { workspaceId } })).toBe(1);

    const back = await authorize(started.body.authorizationUrl);
    const done = await callback(back);
    expect(done.status, done.html).toBe(200);
    expect(done.type).toContain("text/html");
    expect(done.html).toContain("Connected team-slack");

    // The provider got the verifier matching the challenge, plus the client credentials.
    expect(tokenBodies).toHaveLength(1);
    const sent = tokenBodies[0]!;
    expect(sent).toMatchObject({ grant_type: "authorization_code", client_id: "client-1", client_secret: "shh-client-secret", redirect_uri: `${PUBLIC_URL}/api/v1/oauth/callback` });
    expect(createHash("sha256").update(sent.code_verifier!).digest("base64url")).toBe(url.searchParams.get("code_challenge"));
    expect(authorizeQueries[0]!.code_challenge).toBe(url.searchParams.get("code_challenge"));

    const [row] = await connections();
    expect(row).toMatchObject({ name: "team-slack", connector: "slack", authKind: "oauth2", status: "active" });
    expect((row!.metadata as { scopes: string[] }).scopes.length).toBeGreaterThan(0);
    const { secrets } = await loadConnectionSecrets<{ accessToken: string; refreshToken?: string; expiresAt?: number }>(t.db, ring, workspaceId, row!.id);
    expect(secrets.accessToken.split(".")).toHaveLength(3); // the mock's JWT
    expect(secrets.refreshToken).toEqual(expect.any(String));
    expect(secrets.expiresAt).toBeGreaterThan(Date.now());
    const stored = JSON.stringify(row!.secrets);
    expect(stored).not.toContain(secrets.accessToken);
    expect(stored).not.toContain(secrets.refreshToken);
    // One-time: the attempt is gone, and the same callback again is refused without a second row.
    expect(await t.db.oAuthAttempt.count({ where: { workspaceId } })).toBe(0);
    const again = await callback(back);
    expect(again.status).toBe(400);
    expect(again.html).toContain("state mismatch");
    expect(await connections()).toHaveLength(1);
    expect(tokenBodies).toHaveLength(1);

    // The name is now taken.
    expect((await start("team-slack")).status).toBe(409);
  });

  it("a tampered state is a state mismatch: 400, nothing created, the provider never asked for a token", async () => {
    const started = await start("Tampered");
    const back = new URL(await authorize(started.body.authorizationUrl), PUBLIC_URL);
    const state = back.searchParams.get("state")!;
    const [body, sig] = state.split(".");
    const payload = JSON.parse(Buffer.from(body!, "base64url").toString());
    const forged = `${Buffer.from(JSON.stringify({ ...payload, name: "Evil" })).toString("base64url")}.${sig}`;
    back.searchParams.set("state", forged);
    const res = await callback(`${back.pathname}${back.search}`);
    expect(res.status).toBe(400);
    expect(res.html).toContain("state mismatch");
    back.searchParams.delete("state");
    expect((await callback(`${back.pathname}${back.search}`)).status).toBe(400);
    expect(await connections()).toHaveLength(1);
    expect(tokenBodies).toHaveLength(0);
  });

  it("an expired state (signed with the server's secret) is refused", async () => {
    const nonce = "expired-nonce";
    await t.db.oAuthAttempt.create({ data: { nonce, workspaceId, verifier: "v".repeat(50) } });
    const state = signState(SECRET, { workspaceId, tokenId: editorTokenId, connector: "slack", name: "Late", nonce, exp: Date.now() - 1_000 });
    const res = await callback(`/api/v1/oauth/callback?code=abc&state=${state}`);
    expect(res.status).toBe(400);
    expect(res.html).toContain("state expired");
    expect(await connections()).toHaveLength(1);
  });

  it("Facebook: the short-lived token from the code is traded for a long-lived one before it is stored", async () => {
    const nonce = "fb-nonce";
    await t.db.oAuthAttempt.create({ data: { nonce, workspaceId, verifier: "v".repeat(50) } });
    const state = signState(SECRET, { workspaceId, tokenId: editorTokenId, connector: "facebook-pages", name: "fb-pages", nonce, exp: Date.now() + 60_000 });
    const res = await callback(`/api/v1/oauth/callback?code=fb-code&state=${state}`);
    expect(res.status, res.html).toBe(200);
    const row = (await connections()).find((c) => c.name === "fb-pages")!;
    const { secrets } = await loadConnectionSecrets<{ accessToken: string; expiresAt: number }>(t.db, ring, workspaceId, row.id);
    expect(secrets.accessToken).toBe("EAAlong");
    expect(secrets.expiresAt).toBeGreaterThan(Date.now() + 59 * 24 * 3600 * 1000);
    expect(telegramApi.requests.filter((r) => r.path === "/fb/oauth/access_token").map((r) => new URLSearchParams(r.body).get("grant_type"))).toEqual(["authorization_code", "fb_exchange_token"]);
    await t.db.connection.delete({ where: { id: row.id } });
  });

  it("the user declining at the provider → 400 saying so; a failing token endpoint → 502 with its error_description", async () => {
    const declined = await start("Declined");
    const state = new URL(declined.body.authorizationUrl).searchParams.get("state")!;
    const res = await callback(`/api/v1/oauth/callback?error=access_denied&state=${state}`);
    expect(res.status).toBe(400);
    expect(res.html).toContain("You declined access");

    // A code the provider never issued: its token endpoint answers 400 invalid_request.
    const bad = await start("bad-code");
    const badState = new URL(bad.body.authorizationUrl).searchParams.get("state")!;
    const failed = await callback(`/api/v1/oauth/callback?code=not-a-real-code&state=${badState}`);
    expect(failed.status).toBe(502);
    expect(failed.html).toContain("code_challenge required");
    expect(await connections()).toHaveLength(1);
  });

  it("start: viewer 403, unknown connector 404, non-OAuth2 connector 400, unconfigured client 400 naming the variable", async () => {
    expect((await start("x", { token: viewer })).status).toBe(403);
    expect((await start("x", { connector: "nope" })).status).toBe(404);
    const notOauth = await start("x", { connector: "telegram" });
    expect(notOauth.status).toBe(400);
    expect(notOauth.body.error.code).toBe("not_oauth2");
    // No client registered for the connector (checked before anything is written).
    const unconfigured = { oauth: { clients: {}, secret: SECRET, production: false, publicUrl: PUBLIC_URL } } as unknown as Services;
    const missing = await startOAuth(unconfigured, { workspaceId, tokenId: editorTokenId, role: "editor" }, "slack", { name: "x" }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 400, code: "oauth_client_missing", message: expect.stringContaining("SWITCHYARD_OAUTH_CLIENTS") });
    expect((await start("")).status).toBe(400);
    // Definitions refer to connections by name, so OAuth names follow the same rule as all others.
    expect((await start("Team Slack")).body.error.message).toContain("letters, digits, -, _ and . only");
  });
});

describe("key-based connections API", () => {
  const api = async (method: string, path: string, body?: unknown, token = editor) => {
    const res = await fetch(`${web.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as any) };
  };

  it("creates, tests, shows where used, and refuses rename/delete while workflows depend on it", async () => {
    const bad = await api("POST", "/api/v1/connections", { name: "tg", connector: "telegram", credentials: { botToken: "nope" } });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_credentials" } } });
    expect(bad.body.error.message).toContain("bot token looks like");
    expect((await api("POST", "/api/v1/connections", { name: "x", connector: "slack", credentials: {} })).body.error.code).toBe("use_oauth");
    expect((await api("POST", "/api/v1/connections", { name: "tg", connector: "telegram", credentials: { botToken: GOOD_BOT } }, viewer)).status).toBe(403);

    const created = await api("POST", "/api/v1/connections", { name: "tg", connector: "telegram", credentials: { botToken: GOOD_BOT } });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(GOOD_BOT);
    const id = created.body.id as string;
    expect((await api("POST", "/api/v1/connections", { name: "tg", connector: "telegram", credentials: { botToken: GOOD_BOT } })).status).toBe(409);
    const stored = await t.db.connection.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(stored.secrets)).not.toContain(GOOD_BOT);

    expect((await api("POST", `/api/v1/connections/${id}/test`)).body).toEqual({ ok: true });
    const revoked = await api("POST", "/api/v1/connections", { name: "tg-old", connector: "telegram", credentials: { botToken: BAD_BOT } });
    expect((await api("POST", `/api/v1/connections/${revoked.body.id}/test`)).body).toEqual({ ok: false, error: "Telegram rejected the bot token (Unauthorized); check the connection" });

    // A workflow that uses it.
    const definition = { name: "Notify", trigger: { type: "webhook" }, steps: [{ id: "tell", uses: "telegram.sendMessage", connection: "tg", with: { chatId: 1, text: "hi" } }] };
    expect((await api("PUT", "/api/v1/workflows/notify", definition)).status).toBe(201);
    const shown = await api("GET", `/api/v1/connections/${id}`, undefined, viewer);
    expect(shown.body.usedBy).toEqual([{ slug: "notify", name: "Notify", enabled: true, version: 1 }]);
    expect(JSON.stringify(shown.body)).not.toContain(GOOD_BOT);

    const del = await api("DELETE", `/api/v1/connections/${id}`);
    expect(del).toMatchObject({ status: 409, body: { error: { code: "in_use", details: { usedBy: [{ slug: "notify" }] } } } });
    expect(del.body.error.message).toContain("notify");
    expect((await api("PATCH", `/api/v1/connections/${id}`, { name: "renamed" })).body.error.code).toBe("in_use");

    expect((await api("POST", "/api/v1/workflows/notify/disable")).status).toBe(200);
    expect((await api("DELETE", `/api/v1/connections/${id}`)).status).toBe(204);
    expect(await t.db.connection.count({ where: { id } })).toBe(0);
    const list = await api("GET", "/api/v1/connections", undefined, viewer);
    expect(list.body.items.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(["tg-old"]));
  });
});

describe("workspace settings: the SSRF allowlist", () => {
  const call = async (method: string, body: unknown, token: string) => {
    const res = await fetch(`${web.url}/api/v1/workspace`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };

  it("viewers read, only admins change it; bad hosts are refused precisely and nothing is written", async () => {
    expect((await call("GET", undefined, viewer)).body).toMatchObject({ id: workspaceId, allowedInternalHosts: [] });
    expect((await call("PATCH", { allowedInternalHosts: ["erp.internal"] }, editor)).status).toBe(403);

    const bad = await call("PATCH", { allowedInternalHosts: ["erp.internal", "https://wiki.internal:8443"] }, admin);
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_input", message: expect.stringContaining("allowedInternalHosts.1: must be a host name") } } });
    expect((await t.db.workspace.findUniqueOrThrow({ where: { id: workspaceId } })).allowedInternalHosts).toEqual([]);
    expect((await call("PATCH", { allowedInternalHosts: ["*.internal"] }, admin)).status).toBe(400);
    expect((await call("PATCH", { allowed: ["x"] }, admin)).status).toBe(400);

    const ok = await call("PATCH", { allowedInternalHosts: ["ERP.internal", "erp.internal ", "10.0.0.7", "[FD00:0:0::7]"] }, admin);
    expect(ok).toMatchObject({ status: 200, body: { allowedInternalHosts: ["erp.internal", "10.0.0.7", "fd00::7"] } });
    expect((await t.db.workspace.findUniqueOrThrow({ where: { id: workspaceId } })).allowedInternalHosts).toEqual(["erp.internal", "10.0.0.7", "fd00::7"]);
  });
});
