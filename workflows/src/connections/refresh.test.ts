import { randomBytes } from "node:crypto";
import { builtinRegistry, createRegistry, defineAction, defineConnector } from "@switchyard/connectors";
import { startFakeApi, type FakeApi } from "@switchyard/connectors/testing";
import { createConnection, loadConnectionSecrets, parseKeyRing } from "@switchyard/db";
import { runToCompletion, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

const ring = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
const client = { clientId: "switchyard-app", clientSecret: "app-secret" };
let api: FakeApi;
/** The token the API currently accepts; the token endpoint rotates it. */
let valid = "";
let issued = 0;

const me = defineAction({
  name: "me",
  effect: "read",
  title: "Me",
  description: "",
  props: z.object({}),
  output: z.unknown(),
  sampleOutput: {},
  run: async ({ http }) => (await http.request({ url: "me" })).body,
});
/** Acts as another principal the connection vouched for (as Facebook's Page tokens do). */
const asPage = defineAction({
  name: "asPage",
  effect: "write",
  title: "As page",
  description: "",
  props: z.object({}),
  output: z.unknown(),
  sampleOutput: {},
  run: async ({ http }) =>
    (await http.request({ url: "me", headers: { authorization: "Bearer expired-page-token" } })).body,
});
const acme = defineConnector({
  slug: "acme",
  name: "Acme",
  description: "",
  icon: "",
  categories: [],
  auth: {
    kind: "oauth2",
    authorizationUrl: "https://acme.test/authorize",
    tokenUrl: "https://acme.test/token",
    scopes: ["read"],
    pkce: true,
  },
  baseUrl: "https://api.acme.test/",
  actions: [me, asPage],
});

beforeAll(async () => {
  api = await startFakeApi([
    {
      method: "GET",
      path: "/me",
      respond: (r) =>
        r.headers.authorization === `Bearer ${valid}`
          ? { body: { id: "u1" } }
          : { status: 401, body: { error: "invalid_token" } },
    },
    {
      method: "POST",
      path: "/token",
      check: (r) => {
        const f = new URLSearchParams(r.body);
        if (f.get("grant_type") !== "refresh_token") return "grant_type must be refresh_token";
        if (f.get("client_id") !== client.clientId || f.get("client_secret") !== client.clientSecret)
          return "bad client credentials";
        return f.get("refresh_token") === "revoked"
          ? undefined
          : f.get("refresh_token")?.startsWith("rt-")
            ? undefined
            : "bad refresh token";
      },
      respond: (r) => {
        if (new URLSearchParams(r.body).get("refresh_token") === "revoked")
          return { status: 400, body: { error: "invalid_grant", error_description: "Token has been revoked" } };
        valid = `at-${++issued}`;
        return { body: { access_token: valid, refresh_token: `rt-${issued}`, expires_in: 3600, token_type: "Bearer" } };
      },
    },
  ]);
});
afterAll(() => api?.close());

const t = useTestDatabase();
const h = useEngine(t, "refresh", {
  keyRing: () => ring,
  registry: () => createRegistry([...builtinRegistry.connectors, acme]),
  baseUrls: () => ({ acme: `${api.url}/` }),
  oauthClients: () => ({ acme: { ...client, tokenUrl: `${api.url}/token` } }),
});

async function withConnection(secrets: Record<string, unknown>, steps: unknown[]) {
  let id = "";
  let workspaceId = "";
  const r = await runToCompletion(
    t.db,
    h.engine,
    { steps },
    {
      beforeDispatch: async (ws) => {
        workspaceId = ws;
        id = (
          await createConnection(t.db, ring, {
            workspaceId: ws,
            name: "acme",
            connector: "acme",
            authKind: "oauth2",
            secrets,
          })
        ).id;
      },
    },
  );
  return { r, id, workspaceId };
}
const call = (id: string) => ({ id, uses: "acme.me", connection: "acme" });
const tokenCalls = () => api.requests.filter((q) => q.path === "/token").length;

describe("OAuth2 token refresh in activities", () => {
  it("refreshes a token about to expire once, under a lock, even with parallel steps", async () => {
    const before = tokenCalls();
    const { r, id, workspaceId } = await withConnection(
      { accessToken: "at-old", refreshToken: "rt-0", expiresAt: Date.now() - 1000 },
      [call("a"), call("b"), call("c"), call("d")],
    );
    expect(r.status).toBe("succeeded");
    expect(tokenCalls() - before).toBe(1);
    const { secrets } = await loadConnectionSecrets<{ accessToken: string; refreshToken: string; expiresAt: number }>(
      t.db,
      ring,
      workspaceId,
      id,
    );
    expect(secrets).toMatchObject({ accessToken: valid, refreshToken: `rt-${issued}` });
    expect(secrets.expiresAt).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it("a 401 forces one refresh and one retry", async () => {
    const before = tokenCalls();
    const { r } = await withConnection(
      { accessToken: "at-revoked-early", refreshToken: "rt-x", expiresAt: Date.now() + 3_600_000 },
      [call("only")],
    );
    expect(r.status).toBe("succeeded");
    expect(r.steps.only!.attempts).toBe(1);
    expect(tokenCalls() - before).toBe(1);
  });

  it("a 401 for a request with its own Authorization does not refresh (or endanger) the connection", async () => {
    const before = tokenCalls();
    const { r, id } = await withConnection(
      { accessToken: valid, refreshToken: "rt-y", expiresAt: Date.now() + 3_600_000 },
      [{ id: "only", uses: "acme.asPage", connection: "acme", retry: { maxAttempts: 1 } }],
    );
    expect(r.status).toBe("failed");
    expect((r.steps.only!.error as { message: string }).message).toContain("HTTP 401");
    expect(tokenCalls() - before).toBe(0);
    expect((await t.db.connection.findUniqueOrThrow({ where: { id } })).status).toBe("active");
  });

  it("a refused refresh marks the connection needs_reauth, alerts, and fails the step clearly", async () => {
    const { r, id, workspaceId } = await withConnection(
      { accessToken: "at-dead", refreshToken: "revoked", expiresAt: Date.now() - 1000 },
      [call("only")],
    );
    expect(r.status).toBe("failed");
    expect((r.steps.only!.error as { message: string }).message).toMatch(
      /^connection "acme" needs to be reconnected: the provider refused the refresh \(HTTP 400/,
    );
    expect(r.steps.only!.attempts).toBe(1);
    expect((await t.db.connection.findUniqueOrThrow({ where: { id } })).status).toBe("needs_reauth");
    const alert = await t.db.alert.findFirstOrThrow({ where: { workspaceId, kind: "connection_needs_reauth" } });
    expect(alert.title).toBe('acme connection "acme" needs to be reconnected');
  });
});
