import { startSink, type Sink } from "@switchyard/devstack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpError } from "../errors";
import { createHttpClient, parseRetryAfter, rateLimitDelay, ResponseError, type HttpClient } from "./client";
import { assertPublic, blockedReason, SsrfError } from "./ssrf";

let sink: Sink;
let open: HttpClient;
beforeAll(async () => {
  sink = await startSink();
  // Tests reach loopback fakes, so most cases run with the guard off.
  open = createHttpClient({ ssrf: { enabled: false, allowHosts: [] }, retryBaseDelayMs: 20 });
});
afterAll(async () => {
  await open?.close();
  await sink?.close();
});

describe("SSRF address rules", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "::",
    "fd00::1",
    "fd00:ec2::254",
    "fc00::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:a9fe:a9fe",
    "64:ff9b::10.0.0.1",
    "2002:7f00:1::",
    "2001:0:4136:e378::1",
    "64:ff9b:1::a00:1",
  ])("blocks %s", (ip) => expect(blockedReason(ip)).toMatch(/private|loopback|reserved/));

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("allows %s", (ip) =>
    expect(blockedReason(ip)).toBeUndefined(),
  );
});

describe("SSRF guard on", () => {
  const guarded = (allowHosts: string[] = []) =>
    createHttpClient({ ssrf: { enabled: true, allowHosts }, maxRetries: 0 });

  it("refuses loopback by literal address and by name, before any request is made", async () => {
    const c = guarded();
    const port = new URL(sink.url).port;
    await expect(c.request({ url: `${sink.url}/x` })).rejects.toThrow(SsrfError);
    await expect(c.request({ url: `http://localhost:${port}/x` })).rejects.toThrow(/refused to connect to localhost/);
    await expect(c.request({ url: "http://169.254.169.254/latest/meta-data/" })).rejects.toThrow(SsrfError);
    await expect(c.request({ url: "file:///etc/passwd" })).rejects.toThrow(/only http and https/);
    expect(sink.calls("/x")).toHaveLength(0);
    await c.close();
  });

  it("checks every redirect hop: an allowed host cannot bounce the request to an internal one", async () => {
    const port = new URL(sink.url).port;
    sink.on("/bounce", { status: 302, headers: { location: `http://localhost:${port}/secret` } });
    const c = guarded(["127.0.0.1"]);
    await expect(c.request({ url: `${sink.url}/bounce` })).rejects.toThrow(/refused to connect to localhost/);
    expect(sink.calls("/bounce")).toHaveLength(1);
    expect(sink.calls("/secret")).toHaveLength(0);
    await c.close();
  });

  it("a workspace's allowed hosts reach tenant networks only: never loopback, link-local or metadata", () => {
    const policy = {
      enabled: true,
      allowHosts: [],
      workspaceHosts: ["erp.internal"],
      tenantNetworks: ["10.0.0.0/8", "192.168.0.0/16", "fd00::/8"],
    };
    const check = (host: string, address: string) => () => assertPublic(policy, host, [{ address }]);
    expect(check("erp.internal", "10.1.2.3")).not.toThrow();
    expect(check("erp.internal", "192.168.7.7")).not.toThrow();
    expect(check("erp.internal", "fd12:3456::1")).not.toThrow();
    expect(check("erp.internal", "127.0.0.1")).toThrow(/private networks only/);
    expect(check("erp.internal", "169.254.169.254")).toThrow(/private networks only/);
    expect(check("erp.internal", "fd00:ec2::254")).toThrow(/private networks only/);
    expect(check("ERP.internal", "8.8.8.8")).not.toThrow();
    expect(check("other.internal", "10.1.2.3")).toThrow(SsrfError);
    // The operator's list is not restricted.
    expect(() =>
      assertPublic({ enabled: true, allowHosts: ["localhost"] }, "localhost", [{ address: "127.0.0.1" }]),
    ).not.toThrow();
  });

  it("withAllowedHosts gives a widened client of its own, cached per list", async () => {
    const base = guarded();
    const url = `http://localhost:${new URL(sink.url).port}/ws-allowed`;
    const wide = base.withAllowedHosts(["LOCALHOST"]);
    // The list reached the connect-time check (loopback stays refused even so).
    await expect(wide.request({ url })).rejects.toThrow(/refused to connect to localhost: .*private networks only/);
    await expect(base.request({ url })).rejects.toThrow(/refused to connect to localhost: [^(]*$/);
    expect(base.withAllowedHosts(["localhost"])).toBe(wide);
    expect(base.withAllowedHosts([])).toBe(base);
    expect(sink.calls("/ws-allowed")).toHaveLength(0);
    await base.close();
  });

  it("lets a deployment-allowed internal host through, by address or by name", async () => {
    const c = guarded(["127.0.0.1"]);
    expect((await c.request({ url: `${sink.url}/allowed` })).status).toBe(200);
    await c.close();
    const byName = guarded(["localhost"]);
    expect((await byName.request({ url: `http://localhost:${new URL(sink.url).port}/allowed` })).status).toBe(200);
    await expect(byName.resolveHost("localhost")).resolves.toMatch(/^(127\.0\.0\.1|::1)$/);
    await expect(guarded().resolveHost("localhost")).rejects.toThrow(SsrfError);
    await byName.close();
  });
});

describe("HTTP client", () => {
  it("retries a 429 after its Retry-After, for idempotent methods", async () => {
    sink.on("/limited", [{ status: 429, headers: { "retry-after": "1" } }, { body: { ok: "finally" } }]);
    const t0 = Date.now();
    const res = await open.request({ url: `${sink.url}/limited` });
    expect(res.body).toEqual({ ok: "finally" });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(sink.calls("/limited")).toHaveLength(2);
  });

  it("does not retry a POST without an idempotency key; does with one (sending it)", async () => {
    sink.on("/post", { status: 503 });
    await expect(open.request({ method: "POST", url: `${sink.url}/post`, body: { a: 1 } })).rejects.toMatchObject({
      status: 503,
    });
    expect(sink.calls("/post")).toHaveLength(1);

    sink.on("/keyed", [{ status: 503 }, { status: 502 }, { body: { done: true } }]);
    const res = await open.request({
      method: "POST",
      url: `${sink.url}/keyed`,
      body: { a: 1 },
      idempotencyKey: "run:step:0",
    });
    expect(res.body).toEqual({ done: true });
    expect(sink.calls("/keyed").map((c) => c.headers["idempotency-key"])).toEqual([
      "run:step:0",
      "run:step:0",
      "run:step:0",
    ]);
    expect(JSON.parse(sink.calls("/keyed")[0]!.body)).toEqual({ a: 1 });
  });

  it("retryOnlyRateLimits waits out 429s but leaves a 503 to the caller, even with an idempotency key", async () => {
    sink.on("/only-429", [{ status: 429, headers: { "retry-after": "0" } }, { status: 503 }, { body: { late: true } }]);
    await expect(
      open.request({
        method: "POST",
        url: `${sink.url}/only-429`,
        body: {},
        idempotencyKey: "k",
        retryOnlyRateLimits: true,
      }),
    ).rejects.toMatchObject({ status: 503 });
    expect(sink.calls("/only-429")).toHaveLength(2);
  });

  it("errors carry the status, a trimmed body and the request id; 4xx is not retried", async () => {
    sink.on("/denied", {
      status: 401,
      headers: { "x-request-id": "req-123" },
      raw: JSON.stringify({ error: "bad token", pad: "y".repeat(2000) }),
    });
    const err = (await open.request({ url: `${sink.url}/denied` }).catch((e: unknown) => e)) as HttpError;
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ status: 401, requestId: "req-123", retryable: false });
    expect(err.body.length).toBe(500);
    expect(err.message).toContain("HTTP 401");
    expect(sink.calls("/denied")).toHaveLength(1);
  });

  it("rejects malformed JSON and oversized responses with clear errors", async () => {
    sink.on("/broken", { raw: '{"half":' });
    await expect(open.request({ url: `${sink.url}/broken` })).rejects.toThrow(
      /malformed JSON in the HTTP 200 response/,
    );
    sink.on("/huge", { raw: JSON.stringify({ blob: "z".repeat(5000) }) });
    const small = createHttpClient({ ssrf: { enabled: false, allowHosts: [] }, maxResponseBytes: 1000 });
    await expect(small.request({ url: `${sink.url}/huge` })).rejects.toThrow(ResponseError);
    await small.close();
  });

  it("times out a slow request", async () => {
    const serverDelayMs = 10_000;
    sink.on("/slow", { delayMs: serverDelayMs });
    const c = createHttpClient({ ssrf: { enabled: false, allowHosts: [] }, requestTimeoutMs: 200, maxRetries: 0 });
    const t0 = Date.now();
    await expect(c.request({ url: `${sink.url}/slow` })).rejects.toThrow(/timeout|aborted/i);
    // Not a speed check: only a client that waited for the server's answer takes this long.
    expect(Date.now() - t0).toBeLessThan(serverDelayMs);
    await c.close();
  });

  it("drops credential headers when a redirect leaves the origin, and turns a 303 into a GET", async () => {
    const other = await startSink();
    sink.on("/go", { status: 303, headers: { location: `${other.url}/landing` } });
    const res = await open.request({
      method: "POST",
      url: `${sink.url}/go`,
      headers: { authorization: "Bearer secret", "x-api-key": "k-1", accept: "application/json" },
      body: { a: 1 },
    });
    expect(res.status).toBe(200);
    const [landing] = other.calls("/landing");
    expect(landing!.method).toBe("GET");
    expect(landing!.headers.authorization).toBeUndefined();
    expect(landing!.headers["x-api-key"]).toBeUndefined();
    expect(landing!.headers.accept).toBe("application/json");
    expect(sink.calls("/go")[0]!.headers.authorization).toBe("Bearer secret");
    await other.close();
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });

  it("hands a wait longer than it would sleep back to the caller, with retryAfterMs", async () => {
    sink.on("/long-limit", { status: 429, headers: { "retry-after": "120" } });
    const t0 = Date.now();
    const err = (await open.request({ url: `${sink.url}/long-limit` }).catch((e: unknown) => e)) as HttpError;
    expect(err).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    // Not a speed check: a client that slept at all would sleep its 30 s cap before the retry.
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(sink.calls("/long-limit")).toHaveLength(1);
  });

  it("falls back to an epoch-seconds rate-limit reset header on 429 (X, GitHub)", async () => {
    const headers = (h: Record<string, string>) => new Headers(h);
    expect(rateLimitDelay(headers({ "x-rate-limit-reset": "1700000005" }), 1_700_000_000_000)).toBe(5000);
    expect(rateLimitDelay(headers({ "retry-after": "2", "x-ratelimit-reset": "1700000005" }), 1_700_000_000_000)).toBe(
      2000,
    );
    expect(rateLimitDelay(headers({ "x-ratelimit-reset": "60" }))).toBeUndefined();

    const reset = String(Math.ceil(Date.now() / 1000) + 1);
    sink.on("/x-limited", [{ status: 429, headers: { "x-rate-limit-reset": reset } }, { body: { ok: true } }]);
    const res = await open.request({ method: "POST", url: `${sink.url}/x-limited`, body: {} });
    expect(res.body).toEqual({ ok: true });
    expect(Date.now()).toBeGreaterThanOrEqual(Number(reset) * 1000 - 50);
  });
});
