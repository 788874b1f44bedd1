// Connections through the real Next.js app: key-based connections (create, test,
// where used, rename/delete rules) against a fake Telegram API, and OAuth2 against
// a real OAuth2 provider (oauth2-mock-server on 127.0.0.1, which skips consent):
// the confirmation page, the browser binding, authorization code + PKCE, the
// signed state, the callback, and a second browser that must not connect.
import { createHash, randomBytes } from "node:crypto";
import { generateApiToken, hashToken, loadConnectionSecrets, parseKeyRing, type Role } from "@switchyard/db";
import { startNextServer, useTestDatabase, type NextServer } from "@switchyard/devstack/testing";
import { startFakeApi, type FakeApi } from "@switchyard/connectors/testing";
import { OAuth2Server } from "oauth2-mock-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Services } from "../server/context";
import { beginPage, confirmAttempt, signState, startOAuth } from "../server/services/oauth";

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
  provider.service.on("beforeAuthorizeRedirect", (_uri: unknown, req: { query: Record<string, string> }) =>
    authorizeQueries.push({ ...req.query }),
  );
  provider.service.on("beforeResponse", (_res: unknown, req: { body: Record<string, string> }) =>
    tokenBodies.push({ ...req.body }),
  );
  const issuer = provider.issuer.url!;
  telegramApi = await startFakeApi([
    {
      method: "POST",
      path: `/bot${GOOD_BOT}/getMe`,
      respond: { body: { ok: true, result: { id: 1, is_bot: true, username: "switchyard_bot" } } },
    },
    {
      method: "POST",
      path: `/bot${BAD_BOT}/getMe`,
      respond: { status: 401, body: { ok: false, error_code: 401, description: "Unauthorized" } },
    },
    // Facebook's token endpoint: the code gives a short-lived token, fb_exchange_token trades it for a long-lived one.
    {
      method: "POST",
      path: "/fb/oauth/access_token",
      check: (r) =>
        new URLSearchParams(r.body).get("client_secret") === "fb-secret" ? undefined : "client_secret missing",
      respond: (r) => {
        const f = new URLSearchParams(r.body);
        if (f.get("grant_type") === "authorization_code")
          return { body: { access_token: "EAAshort", token_type: "bearer", expires_in: 5400 } };
        if (f.get("grant_type") === "fb_exchange_token" && f.get("fb_exchange_token") === "EAAshort")
          return { body: { access_token: "EAAlong", token_type: "bearer", expires_in: 5183944 } };
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
      slack: {
        clientId: "client-1",
        clientSecret: "shh-client-secret",
        authorizationUrl: `${issuer}/authorize`,
        tokenUrl: `${issuer}/token`,
      },
      "facebook-pages": {
        clientId: "fb-app",
        clientSecret: "fb-secret",
        tokenUrl: `${telegramApi.url}/fb/oauth/access_token`,
      },
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

interface Visit {
  status: number;
  html: string;
  location: string | null;
  headers: Headers;
  setCookies: string[];
}

/**
 * Plays a browser: its own cookie jar for Switchyard (whose PUBLIC_URL is served by the test server),
 * nothing for the provider, redirects not followed, and the Origin header a browser sends with a form.
 */
class Browser {
  readonly cookies = new Map<string, string>();

  async go(
    url: string,
    { form, headers = {} }: { form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Visit> {
    const ours = url.startsWith(PUBLIC_URL);
    const target = ours ? `${web.url}${url.slice(PUBLIC_URL.length)}` : url;
    const jar = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(target, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: {
        ...(ours && jar ? { cookie: jar } : {}),
        ...(form ? { origin: PUBLIC_URL, "content-type": "application/x-www-form-urlencoded" } : {}),
        ...headers,
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    const setCookies = ours ? res.headers.getSetCookie() : [];
    for (const c of setCookies) {
      const [pair] = c.split(";");
      const [k, v] = [pair!.slice(0, pair!.indexOf("=")), pair!.slice(pair!.indexOf("=") + 1)];
      if (/Max-Age=0\b/.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    return {
      status: res.status,
      html: await res.text(),
      location: res.headers.get("location"),
      headers: res.headers,
      setCookies,
    };
  }

  /** Opens the link `start` answered: the confirmation page and its form's fields. */
  async open(authorizationUrl: string) {
    const page = await this.go(authorizationUrl);
    const fields = Object.fromEntries(
      [...page.html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]),
    );
    return { ...page, fields };
  }

  /** Opens the link and confirms: the provider URL this browser is sent to. */
  async confirm(authorizationUrl: string): Promise<string> {
    const page = await this.open(authorizationUrl);
    expect(page.status, page.html).toBe(200);
    const sent = await this.go(`${PUBLIC_URL}/api/v1/oauth/begin`, { form: page.fields });
    expect(sent.status, sent.html).toBe(303);
    return sent.location!;
  }

  /** Visits the provider, which asks nothing and redirects back: the callback URL on Switchyard. */
  async authorize(providerUrl: string): Promise<string> {
    const res = await this.go(providerUrl);
    expect(res.status).toBe(302);
    expect(res.location!.startsWith(`${PUBLIC_URL}/api/v1/oauth/callback?`)).toBe(true);
    return res.location!;
  }
}

const connections = () => t.db.connection.findMany({ where: { workspaceId } });
const attemptOf = (authorizationUrl: string) =>
  t.db.oAuthAttempt.findUniqueOrThrow({ where: { nonce: new URL(authorizationUrl).searchParams.get("attempt")! } });

/** An attempt confirmed by a browser holding `cookie`, with the state the provider would send back. */
async function boundAttempt(connector: string, name: string, exp = Date.now() + 60_000) {
  const nonce = randomBytes(18).toString("base64url");
  const binding = randomBytes(32).toString("base64url");
  await t.db.oAuthAttempt.create({
    data: {
      nonce,
      workspaceId,
      tokenId: editorTokenId,
      connector,
      name,
      verifier: "v".repeat(50),
      bindingHash: hashToken(binding),
    },
  });
  const state = signState(SECRET, { workspaceId, tokenId: editorTokenId, connector, name, nonce, exp });
  return { state, cookie: `switchyard_oauth_${nonce}=${binding}` };
}

async function callbackWith(query: string, cookie: string) {
  const res = await fetch(`${web.url}/api/v1/oauth/callback?${query}`, { headers: { cookie }, redirect: "manual" });
  return { status: res.status, html: await res.text() };
}

describe("OAuth2 connections", () => {
  it("start → confirmation page → provider (authorization code + PKCE) → callback in the same browser → an encrypted connection", async () => {
    const started = await start("team-slack");
    expect(started.status).toBe(200);
    // A Switchyard page, not the provider: the API token says nothing about whose browser opens it.
    expect(started.body.authorizationUrl).toMatch(new RegExp(`^${PUBLIC_URL}/api/v1/oauth/begin\\?attempt=[\\w-]+$`));
    expect(await t.db.oAuthAttempt.count({ where: { workspaceId } })).toBe(1);

    const browser = new Browser();
    const page = await browser.open(started.body.authorizationUrl);
    expect(page.status, page.html).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    for (const named of [
      "Connect Slack to OAuth?",
      "OAuth (oauth)",
      "&#34;team-slack&#34;",
      "API token &#34;editor&#34; (editor)",
      "Continue to Slack",
    ])
      expect(page.html).toContain(named);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.setCookies).toEqual([
      expect.stringMatching(/^switchyard_oauth_csrf=[\w-]{43}; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax$/),
    ]);
    // Showing the page binds nothing and tells the provider nothing, so link previews are harmless.
    expect((await attemptOf(started.body.authorizationUrl)).bindingHash).toBeNull();
    expect(authorizeQueries).toHaveLength(0);

    const sent = await browser.go(`${PUBLIC_URL}/api/v1/oauth/begin`, { form: page.fields });
    expect(sent.status, sent.html).toBe(303);
    const url = new URL(sent.location!);
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
    const nonce = page.fields.attempt!;
    expect(sent.setCookies).toEqual([
      expect.stringMatching(
        new RegExp(`^switchyard_oauth_${nonce}=[\\w-]{43}; Path=/; Max-Age=\\d+; HttpOnly; SameSite=Lax$`),
      ),
    ]);
    // Only the binding's hash is stored; the verifier stays on the server.
    const attempt = await attemptOf(started.body.authorizationUrl);
    expect(attempt.bindingHash).toBe(hashToken(browser.cookies.get(`switchyard_oauth_${nonce}`)!));
    expect(sent.location).not.toContain(attempt.verifier);

    const back = await browser.authorize(sent.location!);
    const done = await browser.go(back);
    expect(done.status, done.html).toBe(200);
    expect(done.html).toContain("Connected team-slack");
    expect(browser.cookies.has(`switchyard_oauth_${nonce}`)).toBe(false);

    // The provider got the verifier matching the challenge, plus the client credentials.
    expect(tokenBodies).toHaveLength(1);
    const sentTokens = tokenBodies[0]!;
    expect(sentTokens).toMatchObject({
      grant_type: "authorization_code",
      client_id: "client-1",
      client_secret: "shh-client-secret",
      redirect_uri: `${PUBLIC_URL}/api/v1/oauth/callback`,
    });
    expect(createHash("sha256").update(sentTokens.code_verifier!).digest("base64url")).toBe(
      url.searchParams.get("code_challenge"),
    );
    expect(authorizeQueries[0]!.code_challenge).toBe(url.searchParams.get("code_challenge"));

    const [row] = await connections();
    expect(row).toMatchObject({ name: "team-slack", connector: "slack", authKind: "oauth2", status: "active" });
    expect((row!.metadata as { scopes: string[] }).scopes.length).toBeGreaterThan(0);
    const { secrets } = await loadConnectionSecrets<{ accessToken: string; refreshToken?: string; expiresAt?: number }>(
      t.db,
      ring,
      workspaceId,
      row!.id,
    );
    expect(secrets.accessToken.split(".")).toHaveLength(3); // the mock's JWT
    expect(secrets.refreshToken).toEqual(expect.any(String));
    expect(secrets.expiresAt).toBeGreaterThan(Date.now());
    const stored = JSON.stringify(row!.secrets);
    expect(stored).not.toContain(secrets.accessToken);
    expect(stored).not.toContain(secrets.refreshToken);
    // One-time: the attempt is gone, and the same callback again is refused without a second row.
    expect(await t.db.oAuthAttempt.count({ where: { workspaceId } })).toBe(0);
    const again = await browser.go(back);
    expect(again.status).toBe(400);
    expect(again.html).toContain("state mismatch");
    expect(await connections()).toHaveLength(1);
    expect(tokenBodies).toHaveLength(1);

    // The name is now taken.
    expect((await start("team-slack")).status).toBe(409);
  });

  it("attack: a second browser (no binding cookie) that follows the provider redirect and the callback connects nothing, and cannot burn the attempt", async () => {
    const started = await start("victim-slack");
    const editorsBrowser = new Browser();
    const providerUrl = await editorsBrowser.confirm(started.body.authorizationUrl);

    // Someone else's browser, signed in at a provider that skips its consent screen, is sent the provider URL.
    const victim = new Browser();
    const back = await victim.authorize(providerUrl);
    const refused = await victim.go(back);
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("must be finished in the browser that confirmed it");
    expect(await connections()).toHaveLength(1);
    expect(tokenBodies).toHaveLength(0); // the code was never exchanged
    // Nor can it take the link over: it was confirmed once, in the editor's browser.
    const page = await victim.open(started.body.authorizationUrl);
    expect(page.status).toBe(409);
    expect(page.html).toContain("already confirmed");
    expect(page.html).not.toContain("<form");

    // The browser that confirmed still finishes.
    const done = await editorsBrowser.go(await editorsBrowser.authorize(providerUrl));
    expect(done.status, done.html).toBe(200);
    expect((await connections()).map((c) => c.name)).toContain("victim-slack");
    await t.db.connection.deleteMany({ where: { workspaceId, name: "victim-slack" } });
  });

  it("the confirmation is CSRF-safe: another origin, a cross-site fetch, a form without this browser's CSRF cookie, and a second confirmation are refused", async () => {
    const started = await start("csrf-slack");
    const browser = new Browser();
    const page = await browser.open(started.body.authorizationUrl);
    const confirmUrl = `${PUBLIC_URL}/api/v1/oauth/begin`;

    const foreign = await browser.go(confirmUrl, { form: page.fields, headers: { origin: "https://evil.test" } });
    expect(foreign.status).toBe(403);
    expect(foreign.html).toContain("must come from Switchyard&#39;s own page at http://switchyard.test");
    expect(
      (await browser.go(confirmUrl, { form: page.fields, headers: { "sec-fetch-site": "cross-site" } })).status,
    ).toBe(403);
    // An attacker can load the page for their own attempt, but its form only works with the CSRF cookie of the browser that loaded it.
    const elsewhere = await new Browser().go(confirmUrl, { form: page.fields });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.html).toContain("did not come from the page this browser was shown");
    expect((await browser.go(confirmUrl, { form: { ...page.fields, attempt: "other" } })).status).toBe(403);
    expect((await browser.go(confirmUrl, { form: { attempt: page.fields.attempt! } })).status).toBe(400);
    expect((await attemptOf(started.body.authorizationUrl)).bindingHash).toBeNull();

    expect((await browser.go(confirmUrl, { form: page.fields })).status).toBe(303);
    const twice = await browser.go(confirmUrl, { form: page.fields });
    expect(twice.status).toBe(409);
    expect(authorizeQueries).toHaveLength(0);

    const unknown = await browser.go(`${PUBLIC_URL}/api/v1/oauth/begin?attempt=nope`);
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain("unknown, used or expired");
    expect((await browser.go(`${PUBLIC_URL}/api/v1/oauth/begin?attempt=%00`)).status).toBe(400);
    expect((await browser.go(`${PUBLIC_URL}/api/v1/oauth/begin`)).status).toBe(400);
    await t.db.oAuthAttempt.deleteMany({ where: { workspaceId } });
  });

  it("a token revoked after start can no longer have its link confirmed", async () => {
    const token = generateApiToken();
    const row = await t.db.apiToken.create({
      data: { workspaceId, name: "short-lived", role: "editor", tokenHash: hashToken(token) },
    });
    const started = await start("revoked-slack", { token });
    await t.db.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    const page = await new Browser().open(started.body.authorizationUrl);
    expect(page.status).toBe(400);
    expect(page.html).toContain("revoked or no longer allowed to add connections");
    await t.db.oAuthAttempt.deleteMany({ where: { workspaceId } });
  });

  it("on https the cookies are __Host- and Secure, so no sibling subdomain can plant a binding", async () => {
    const started = await start("https-slack");
    const s = {
      db: t.db,
      oauth: {
        clients: { slack: { clientId: "c", clientSecret: "s", authorizationUrl: `${provider.issuer.url}/authorize` } },
        secret: SECRET,
        production: true,
        publicUrl: "https://switchyard.example",
      },
    } as unknown as Services;
    const at = (path: string, init?: RequestInit) => new Request(`https://switchyard.example${path}`, init);
    const page = await beginPage(
      s,
      at(new URL(started.body.authorizationUrl).pathname + new URL(started.body.authorizationUrl).search),
    );
    expect(page.cookies).toEqual([
      expect.stringMatching(
        /^__Host-switchyard_oauth_csrf=[\w-]{43}; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/,
      ),
    ]);
    const csrf = page.cookies![0]!.split(";")[0]!;
    const form = new URLSearchParams(page.form!.fields).toString();
    const sent = await confirmAttempt(
      s,
      at("/api/v1/oauth/begin", {
        method: "POST",
        body: form,
        headers: {
          origin: "https://switchyard.example",
          cookie: csrf,
          "content-type": "application/x-www-form-urlencoded",
        },
      }),
    );
    expect(sent).toMatchObject({
      redirect: expect.stringContaining(provider.issuer.url!),
      cookies: [
        expect.stringMatching(
          /^__Host-switchyard_oauth_[\w-]+=[\w-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/,
        ),
      ],
    });
    await t.db.oAuthAttempt.deleteMany({ where: { workspaceId } });
  });

  it("a tampered state is a state mismatch: 400, nothing created, the provider never asked for a token", async () => {
    const started = await start("Tampered");
    const browser = new Browser();
    const back = new URL(await browser.authorize(await browser.confirm(started.body.authorizationUrl)));
    const state = back.searchParams.get("state")!;
    const [body, sig] = state.split(".");
    const payload = JSON.parse(Buffer.from(body!, "base64url").toString());
    const forged = `${Buffer.from(JSON.stringify({ ...payload, name: "Evil" })).toString("base64url")}.${sig}`;
    back.searchParams.set("state", forged);
    const res = await browser.go(back.href);
    expect(res.status).toBe(400);
    expect(res.html).toContain("state mismatch");
    back.searchParams.delete("state");
    expect((await browser.go(back.href)).status).toBe(400);
    expect(await connections()).toHaveLength(1);
    expect(tokenBodies).toHaveLength(0);
  });

  it("an expired state (signed with the server's secret) is refused", async () => {
    const { state, cookie } = await boundAttempt("slack", "Late", Date.now() - 1_000);
    const res = await callbackWith(`code=abc&state=${state}`, cookie);
    expect(res.status).toBe(400);
    expect(res.html).toContain("state expired");
    expect(await connections()).toHaveLength(1);
  });

  it("Facebook: the short-lived token from the code is traded for a long-lived one before it is stored", async () => {
    const { state, cookie } = await boundAttempt("facebook-pages", "fb-pages");
    const res = await callbackWith(`code=fb-code&state=${state}`, cookie);
    expect(res.status, res.html).toBe(200);
    const row = (await connections()).find((c) => c.name === "fb-pages")!;
    const { secrets } = await loadConnectionSecrets<{ accessToken: string; expiresAt: number }>(
      t.db,
      ring,
      workspaceId,
      row.id,
    );
    expect(secrets.accessToken).toBe("EAAlong");
    expect(secrets.expiresAt).toBeGreaterThan(Date.now() + 59 * 24 * 3600 * 1000);
    expect(
      telegramApi.requests
        .filter((r) => r.path === "/fb/oauth/access_token")
        .map((r) => new URLSearchParams(r.body).get("grant_type")),
    ).toEqual(["authorization_code", "fb_exchange_token"]);
    await t.db.connection.delete({ where: { id: row.id } });
  });

  it("the user declining at the provider → 400 saying so; a failing token endpoint → 502 with its error_description", async () => {
    const browser = new Browser();
    const stateOf = async (name: string) =>
      new URL(await browser.confirm((await start(name)).body.authorizationUrl)).searchParams.get("state")!;
    const res = await browser.go(
      `${PUBLIC_URL}/api/v1/oauth/callback?error=access_denied&state=${await stateOf("Declined")}`,
    );
    expect(res.status).toBe(400);
    expect(res.html).toContain("You declined access");

    // A code the provider never issued: its token endpoint answers 400 invalid_request.
    const failed = await browser.go(
      `${PUBLIC_URL}/api/v1/oauth/callback?code=not-a-real-code&state=${await stateOf("bad-code")}`,
    );
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
    const unconfigured = {
      oauth: { clients: {}, secret: SECRET, production: false, publicUrl: PUBLIC_URL },
    } as unknown as Services;
    const missing = await startOAuth(
      unconfigured,
      { workspaceId, tokenId: editorTokenId, role: "editor", member: null },
      "slack",
      {
        name: "x",
      },
    ).catch((e: unknown) => e);
    expect(missing).toMatchObject({
      status: 400,
      code: "oauth_client_missing",
      message: expect.stringContaining("SWITCHYARD_OAUTH_CLIENTS"),
    });
    expect((await start("")).status).toBe(400);
    // Definitions refer to connections by name, so OAuth names follow the same rule as all others.
    expect((await start("Team Slack")).body.error.message).toContain("letters, digits, -, _ and . only");
  });
});

describe("key-based connections API", () => {
  const api = async (method: string, path: string, body?: unknown, token = editor) => {
    const res = await fetch(`${web.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as any) };
  };

  it("creates, tests, shows where used, and refuses rename/delete while workflows depend on it", async () => {
    const bad = await api("POST", "/api/v1/connections", {
      name: "tg",
      connector: "telegram",
      credentials: { botToken: "nope" },
    });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_credentials" } } });
    expect(bad.body.error.message).toContain("bot token looks like");
    expect(
      (await api("POST", "/api/v1/connections", { name: "x", connector: "slack", credentials: {} })).body.error.code,
    ).toBe("use_oauth");
    expect(
      (
        await api(
          "POST",
          "/api/v1/connections",
          { name: "tg", connector: "telegram", credentials: { botToken: GOOD_BOT } },
          viewer,
        )
      ).status,
    ).toBe(403);

    const created = await api("POST", "/api/v1/connections", {
      name: "tg",
      connector: "telegram",
      credentials: { botToken: GOOD_BOT },
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(GOOD_BOT);
    const id = created.body.id as string;
    expect(
      (
        await api("POST", "/api/v1/connections", {
          name: "tg",
          connector: "telegram",
          credentials: { botToken: GOOD_BOT },
        })
      ).status,
    ).toBe(409);
    const stored = await t.db.connection.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(stored.secrets)).not.toContain(GOOD_BOT);

    expect((await api("POST", `/api/v1/connections/${id}/test`)).body).toEqual({ ok: true });
    const revoked = await api("POST", "/api/v1/connections", {
      name: "tg-old",
      connector: "telegram",
      credentials: { botToken: BAD_BOT },
    });
    expect((await api("POST", `/api/v1/connections/${revoked.body.id}/test`)).body).toEqual({
      ok: false,
      error: "Telegram rejected the bot token (Unauthorized); check the connection",
    });

    // A workflow that uses it.
    const definition = {
      name: "Notify",
      trigger: { type: "webhook" },
      steps: [{ id: "tell", uses: "telegram.sendMessage", connection: "tg", with: { chatId: 1, text: "hi" } }],
    };
    expect((await api("PUT", "/api/v1/workflows/notify", definition)).status).toBe(201);
    const shown = await api("GET", `/api/v1/connections/${id}`, undefined, viewer);
    expect(shown.body.usedBy).toEqual([{ slug: "notify", name: "Notify", enabled: true, version: 1 }]);
    expect(JSON.stringify(shown.body)).not.toContain(GOOD_BOT);

    const del = await api("DELETE", `/api/v1/connections/${id}`);
    expect(del).toMatchObject({
      status: 409,
      body: { error: { code: "in_use", details: { usedBy: [{ slug: "notify" }] } } },
    });
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
    const res = await fetch(`${web.url}/api/v1/workspace`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it("viewers read, only admins change it; bad hosts are refused precisely and nothing is written", async () => {
    expect((await call("GET", undefined, viewer)).body).toMatchObject({ id: workspaceId, allowedInternalHosts: [] });
    expect((await call("PATCH", { allowedInternalHosts: ["erp.internal"] }, editor)).status).toBe(403);

    const bad = await call("PATCH", { allowedInternalHosts: ["erp.internal", "https://wiki.internal:8443"] }, admin);
    expect(bad).toMatchObject({
      status: 400,
      body: {
        error: {
          code: "invalid_input",
          message: expect.stringContaining("allowedInternalHosts.1: must be a host name"),
        },
      },
    });
    expect((await t.db.workspace.findUniqueOrThrow({ where: { id: workspaceId } })).allowedInternalHosts).toEqual([]);
    expect((await call("PATCH", { allowedInternalHosts: ["*.internal"] }, admin)).status).toBe(400);
    expect((await call("PATCH", { allowed: ["x"] }, admin)).status).toBe(400);

    const ok = await call(
      "PATCH",
      { allowedInternalHosts: ["ERP.internal", "erp.internal ", "10.0.0.7", "[FD00:0:0::7]"] },
      admin,
    );
    expect(ok).toMatchObject({ status: 200, body: { allowedInternalHosts: ["erp.internal", "10.0.0.7", "fd00::7"] } });
    expect((await t.db.workspace.findUniqueOrThrow({ where: { id: workspaceId } })).allowedInternalHosts).toEqual([
      "erp.internal",
      "10.0.0.7",
      "fd00::7",
    ]);
  });
});
