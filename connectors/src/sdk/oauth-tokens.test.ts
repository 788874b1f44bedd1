import { afterEach, describe, expect, it } from "vitest";
import type { OAuth2Auth } from "./auth";
import { createHttpClient } from "./http/client";
import { requestTokens, TokenEndpointError } from "./oauth-tokens";
import { startFakeApi, type FakeApi } from "./testing";

const http = createHttpClient({ ssrf: { enabled: false, allowHosts: [] } });
let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const authWith = (clientAuth: OAuth2Auth["clientAuth"]): OAuth2Auth => ({
  kind: "oauth2",
  authorizationUrl: "https://p.test/authorize",
  tokenUrl: "https://p.test/token",
  scopes: [],
  pkce: true,
  clientAuth,
});
const form = (body: string) => Object.fromEntries(new URLSearchParams(body));
const grant = { grant_type: "refresh_token" as const, refresh_token: "rt-1" };

describe("requestTokens", () => {
  it("client_secret_basic: credentials form-encoded in Authorization, never in the body", async () => {
    api = await startFakeApi([
      {
        method: "POST",
        path: "/token",
        respond: { body: { access_token: "at-2", expires_in: 7200, token_type: "bearer" } },
      },
    ]);
    const client = { clientId: "id:with colon", clientSecret: "s3cr3t/+=", tokenUrl: `${api.url}/token` };
    const t = await requestTokens(http, authWith("basic"), client, grant);
    expect(t.accessToken).toBe("at-2");
    const [req] = api.requests;
    expect(req!.headers.authorization).toBe(
      `Basic ${Buffer.from("id%3Awith%20colon:s3cr3t%2F%2B%3D").toString("base64")}`,
    );
    expect(form(req!.body)).toEqual({ grant_type: "refresh_token", refresh_token: "rt-1", client_id: "id:with colon" });
  });

  it("client_secret_post (default): credentials in the form body, no Authorization", async () => {
    api = await startFakeApi([{ method: "POST", path: "/token", respond: { body: { access_token: "at-3" } } }]);
    await requestTokens(
      http,
      authWith(undefined),
      { clientId: "c", clientSecret: "s", tokenUrl: `${api.url}/token` },
      grant,
    );
    expect(api.requests[0]!.headers.authorization).toBeUndefined();
    expect(form(api.requests[0]!.body)).toMatchObject({ client_id: "c", client_secret: "s" });
  });

  it("reads the connected account from the answer when the connector says how (Slack's team)", async () => {
    api = await startFakeApi([
      {
        method: "POST",
        path: "/token",
        respond: { body: { ok: true, access_token: "xoxb-1", team: { id: "T0ACME", name: "Acme" } } },
      },
    ]);
    const auth: OAuth2Auth = {
      ...authWith(undefined),
      accountOf: (a) => ({
        id: String((a.team as { id: string }).id),
        name: String((a.team as { name: string }).name),
      }),
    };
    const t = await requestTokens(
      http,
      auth,
      { clientId: "c", clientSecret: "s", tokenUrl: `${api.url}/token` },
      grant,
    );
    expect(t).toEqual({ accessToken: "xoxb-1", account: { id: "T0ACME", name: "Acme" } });
  });

  it("a refusal names the provider's error; a nonsense answer is not a refusal", async () => {
    api = await startFakeApi([
      {
        method: "POST",
        path: "/refuse",
        respond: {
          status: 400,
          body: { error: "invalid_grant", error_description: "Value passed for the token was invalid." },
        },
      },
      { method: "POST", path: "/odd", respond: { body: { token: "no access_token here" } } },
    ]);
    const refused = await requestTokens(
      http,
      authWith("basic"),
      { clientId: "c", clientSecret: "s", tokenUrl: `${api.url}/refuse` },
      grant,
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TokenEndpointError);
    expect(refused).toMatchObject({
      refused: true,
      message: "HTTP 400: invalid_grant: Value passed for the token was invalid.",
    });
    const odd = await requestTokens(
      http,
      authWith("basic"),
      { clientId: "c", clientSecret: "s", tokenUrl: `${api.url}/odd` },
      grant,
    ).catch((e: unknown) => e);
    expect(odd).toMatchObject({ refused: false, message: "the token endpoint answered without an access_token" });
  });
});
