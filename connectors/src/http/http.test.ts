import { afterEach, describe, expect, it } from "vitest";
import { runAction } from "../sdk/run";
import {
  createMockContext,
  describeOperation,
  startFakeApi,
  type FakeApi,
  type FakeRequest,
  type FakeResponse,
  type FakeRoute,
} from "../sdk/testing";
import { request } from "./actions/request";
import { http } from "./index";

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const SECRET = "tok_live_8d7f6e5c4b3a";
const eventsRoute = {
  method: "POST",
  path: "/v1/events",
  check: (r: FakeRequest) => {
    if (r.headers.authorization !== `Bearer ${SECRET}`) return `authorization was ${r.headers.authorization}`;
    if (r.headers["idempotency-key"] !== "run-test:step:0")
      return `idempotency-key was ${r.headers["idempotency-key"]}`;
    if (r.headers["content-type"] !== "application/json") return `content-type was ${r.headers["content-type"]}`;
    const b = r.json as { event?: string; version?: string };
    return b.event === "deployed" && b.version === "1.2.3" ? undefined : `body was ${r.body}`;
  },
};
const postProps = (url: string) => ({
  url,
  method: "POST",
  headers: { authorization: `Bearer ${SECRET}` },
  body: { event: "deployed", version: "1.2.3" },
});

describeOperation("http.request contract", {
  connector: http,
  operation: request,
  props: (fakeUrl: string) => postProps(`${fakeUrl}/v1/events`),
  // http.request needs no connection: the step's own Authorization header is the secret no error may repeat.
  secrets: [SECRET],
  route: eventsRoute,
  ok: { status: 201, headers: { "x-request-id": "req_1" }, body: { id: "evt_1", received: true } },
  expected: {
    status: 201,
    headers: expect.objectContaining({ "content-type": "application/json", "x-request-id": "req_1" }),
    body: { id: "evt_1", received: true },
  },
  // The target quotes the token it refused.
  unauthorized: {
    status: 401,
    headers: { "www-authenticate": 'Bearer error="invalid_token"' },
    body: { error: "invalid_token", detail: `Bearer ${SECRET} has expired` },
  },
  unauthorizedError:
    /^the server at http:\/\/127\.0\.0\.1:\d+ refused the request's credentials \(HTTP 401: .*invalid_token.*\); check the Authorization header/,
  // Only a body that claims to be JSON and is not can break the promise: anything else is returned as text.
  malformed: [
    { headers: { "content-type": "application/problem+json" }, raw: "<html><body>Bad gateway</body></html>" },
    { raw: '{"id":"evt_1","received":tr' },
  ],
});

async function send(
  respond: FakeResponse,
  route: Omit<FakeRoute, "respond"> = eventsRoute,
  props: (url: string) => unknown = postProps,
) {
  api = await startFakeApi([{ ...route, respond }]);
  return runAction(
    request,
    createMockContext(request, { connector: http, props: props(`${api.url}${route.path}`), baseUrl: api.url }),
  );
}

describe("http.request", () => {
  it("returns text when the answer is not JSON, and null for an empty JSON answer", async () => {
    expect(await send({ headers: { "content-type": "text/plain; charset=utf-8" }, raw: "accepted" })).toMatchObject({
      status: 200,
      body: "accepted",
    });
    expect(await send({ status: 202 })).toMatchObject({ status: 202, body: null });
  });

  it("hands a long Retry-After to the step's retry policy instead of waiting inside the step", async () => {
    await expect(
      send({ status: 429, headers: { "retry-after": "120" }, body: { error: "slow down" } }),
    ).rejects.toMatchObject({ name: "HttpError", status: 429, retryAfterMs: 120_000 });
    expect(api!.requests).toHaveLength(1);
  });

  it("leaves a 5xx to the step's retry policy: the target may not honour Idempotency-Key", async () => {
    await expect(
      send({ status: 502, raw: "Bad Gateway", headers: { "content-type": "text/plain" } }),
    ).rejects.toMatchObject({ name: "HttpError", status: 502, retryable: true });
    expect(api!.requests).toHaveLength(1);
  });

  it("keeps credential header values out of every error, not only 401s", async () => {
    const report = {
      method: "GET",
      path: "/v1/report",
      check: (r: FakeRequest) => (r.headers["x-api-key"] === SECRET ? undefined : "x-api-key missing"),
    };
    const err = (await send({ status: 403, body: { error: `key ${SECRET} may not read this` } }, report, (url) => ({
      url,
      headers: { "x-api-key": SECRET },
    })).catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ name: "HttpError", status: 403 });
    expect(err.message).toContain("may not read this");
    expect(err.message).not.toContain(SECRET);
  });

  it.each(["x-auth", "x-auth-email", "proxy-authorization"])("counts %s as a credential header", async (header) => {
    const report = {
      method: "GET",
      path: "/v1/report",
      check: (r: FakeRequest) => (r.headers[header] === SECRET ? undefined : `${header} missing`),
    };
    const err = (await send({ status: 500, body: { error: `could not check ${SECRET}` } }, report, (url) => ({
      url,
      headers: { [header]: SECRET },
    })).catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ name: "HttpError", status: 500 });
    expect(err.message).toContain("could not check ***");
    expect(err.message).not.toContain(SECRET);
  });
});
