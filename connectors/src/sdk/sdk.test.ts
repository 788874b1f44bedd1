import { describe, expect, it } from "vitest";
import { z } from "zod";
import { http } from "../http";
import { request } from "../http/actions/request";
import { parseCredentials, type AuthDefinition } from "./auth";
import { defineAction, defineConnector, defineTrigger } from "./define";
import { slack } from "../slack";
import { connectorMetadata } from "./metadata";
import { createMockContext, startFakeApi } from "./testing";

const whoami = defineAction({
  name: "whoami",
  effect: "read",
  title: "Who am I",
  description: "",
  props: z.object({}),
  output: z.unknown(),
  sampleOutput: {},
  run: async ({ http }) => (await http.request({ url: "/v1/me" })).body,
});
const connectorWith = (auth: AuthDefinition) =>
  defineConnector({
    slug: "acme",
    name: "Acme",
    description: "",
    icon: "",
    categories: [],
    auth,
    baseUrl: "https://api.acme.test",
    actions: [whoami],
  });

describe("auth kinds, applied by the bound HTTP client", () => {
  const cases: [
    string,
    AuthDefinition,
    unknown,
    (r: { headers: Record<string, unknown>; query: Record<string, string> }) => boolean,
  ][] = [
    [
      "apiKey in a header",
      { kind: "apiKey", in: "header", name: "x-api-key" },
      { apiKey: "k-123" },
      (r) => r.headers["x-api-key"] === "k-123",
    ],
    [
      "apiKey in the query",
      { kind: "apiKey", in: "query", name: "key" },
      { apiKey: "k-456" },
      (r) => r.query.key === "k-456",
    ],
    [
      "apiKey with a prefix",
      { kind: "apiKey", in: "header", name: "authorization", prefix: "Token " },
      { apiKey: "k-789" },
      (r) => r.headers.authorization === "Token k-789",
    ],
    [
      "basic",
      { kind: "basic" },
      { username: "ann", password: "s3cret" },
      (r) => r.headers.authorization === `Basic ${Buffer.from("ann:s3cret").toString("base64")}`,
    ],
    ["bearer", { kind: "bearer" }, { token: "t-1" }, (r) => r.headers.authorization === "Bearer t-1"],
    [
      "oauth2",
      {
        kind: "oauth2",
        authorizationUrl: "https://acme.test/authorize",
        tokenUrl: "https://acme.test/token",
        scopes: ["read"],
        pkce: true,
      },
      { accessToken: "at-1" },
      (r) => r.headers.authorization === "Bearer at-1",
    ],
    [
      "custom",
      {
        kind: "custom",
        props: z.object({ tenant: z.string(), secret: z.string() }),
        apply: (p, h) => h.set("x-tenant-auth", `${String(p.tenant)}:${String(p.secret)}`),
      },
      { tenant: "t9", secret: "xyz" },
      (r) => r.headers["x-tenant-auth"] === "t9:xyz",
    ],
  ];
  it.each(cases)("%s", async (_name, auth, credentials, ok) => {
    const api = await startFakeApi([
      {
        method: "GET",
        path: "/v1/me",
        check: (r) => (ok(r) ? undefined : "credentials missing or wrong"),
        respond: { body: { id: "u1" } },
      },
    ]);
    try {
      const ctx = createMockContext(whoami, {
        connector: connectorWith(auth),
        props: {},
        credentials,
        baseUrl: `${api.url}/`,
      });
      expect(await whoami.run!(ctx)).toEqual({ id: "u1" });
    } finally {
      await api.close();
    }
  });

  it("keeps a request's own Authorization (acting as a principal the connection vouched for)", async () => {
    const api = await startFakeApi([{ method: "GET", path: "/v1/as-page", respond: { body: {} } }]);
    try {
      const ctx = createMockContext(whoami, {
        connector: connectorWith({ kind: "bearer" }),
        props: {},
        credentials: { token: "user-token" },
        baseUrl: `${api.url}/`,
      });
      await ctx.http.request({ url: "v1/as-page", headers: { authorization: "Bearer page-token" } });
      await ctx.http.request({ url: "v1/as-page" });
      expect(api.requests.map((r) => r.headers.authorization)).toEqual(["Bearer page-token", "Bearer user-token"]);
    } finally {
      await api.close();
    }
  });

  it("rejects credentials that do not fit the auth kind, naming the field", () => {
    expect(() => parseCredentials({ kind: "basic" }, { username: "ann" })).toThrow(
      "credentials for basic auth are invalid: password:",
    );
    expect(() => parseCredentials({ kind: "bearer" }, {})).toThrow(/token/);
  });
});

describe("definitions", () => {
  it("refuses triggers without their handler and duplicate names", () => {
    const base = {
      title: "t",
      description: "",
      props: z.object({}),
      output: z.object({ id: z.string() }),
      sampleOutput: { id: "1" },
    };
    expect(() => defineTrigger({ ...base, name: "newRow", kind: "poll" })).toThrow("a poll trigger needs poll()");
    expect(() => defineTrigger({ ...base, name: "incoming", kind: "webhook" })).toThrow(
      "a webhook trigger needs parse()",
    );
    const trigger = defineTrigger({ ...base, name: "whoami", kind: "poll", poll: async () => [] });
    expect(() =>
      defineConnector({
        slug: "acme",
        name: "A",
        description: "",
        icon: "",
        categories: [],
        actions: [whoami],
        triggers: [trigger],
      }),
    ).toThrow('"whoami" is used twice');
  });

  it("exports metadata as JSON Schema, with no functions or secrets", () => {
    const meta = connectorMetadata(http);
    expect(JSON.parse(JSON.stringify(meta))).toEqual(meta);
    const props = meta.actions.find((a) => a.name === "request")!.props as {
      properties: Record<string, { type?: string; format?: string }>;
      required?: string[];
    };
    expect(props.properties.url).toMatchObject({ type: "string", format: "uri" });
    expect(props.required).toEqual(["url"]);
    expect(meta.auth).toEqual({ kind: "none", testable: false });
    const oauth = connectorMetadata(
      connectorWith({
        kind: "oauth2",
        authorizationUrl: "https://a/x",
        tokenUrl: "https://a/t",
        scopes: ["a", "b"],
        pkce: true,
      }),
    );
    expect(oauth.auth).toEqual({ kind: "oauth2", testable: false, scopes: ["a", "b"], pkce: true });
    expect(meta).not.toHaveProperty("eventsPath");
    expect(connectorMetadata(slack)).toMatchObject({
      eventsPath: "/api/v1/events/slack",
      triggers: [expect.objectContaining({ name: "newMessage", kind: "event" })],
    });
  });
});

describe("connect form metadata", () => {
  it("gives every key-based auth kind its fields as JSON Schema, with secrets marked and labels named", () => {
    const fields = (auth: AuthDefinition) =>
      (connectorMetadata(connectorWith(auth)).auth as { props?: { properties: Record<string, object> } }).props;
    expect(fields({ kind: "bearer" })?.properties).toEqual({
      token: { type: "string", minLength: 1, title: "Token", secret: true },
    });
    expect(fields({ kind: "basic" })?.properties).toEqual({
      username: { type: "string", minLength: 1 },
      password: { type: "string", secret: true },
    });
    expect(fields({ kind: "apiKey", in: "header", name: "x-api-key" })?.properties.apiKey).toMatchObject({
      secret: true,
    });
    expect(fields({ kind: "none" })).toBeUndefined();
    expect(
      fields({ kind: "oauth2", authorizationUrl: "https://a/x", tokenUrl: "https://a/t", scopes: [], pkce: true }),
    ).toBeUndefined();
  });
});

describe("mock context", () => {
  it("runs http.request against a fake API that checks method, path and body", async () => {
    const api = await startFakeApi([
      {
        method: "POST",
        path: "/items",
        check: (r) => ((r.json as { name?: string })?.name === "x" ? undefined : "body.name must be x"),
        respond: { status: 201, body: { id: 7 } },
      },
    ]);
    try {
      const ctx = createMockContext(request, {
        connector: http,
        props: { url: `${api.url}/items`, method: "POST", body: { name: "x" } },
        baseUrl: api.url,
      });
      expect(await request.run!(ctx)).toMatchObject({ status: 201, body: { id: 7 } });
      expect(api.requests[0]!.headers["idempotency-key"]).toBe("run-test:step:0");
    } finally {
      await api.close();
    }
  });
});
