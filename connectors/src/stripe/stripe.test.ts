import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { createMockContext, startFakeApi, type FakeApi, type FakeRoute } from "../sdk/testing";
import { retrieveCustomer } from "./actions/customers";
import { stripeConnector } from "./index";
import { stripeEvent, verifyStripeSignature } from "./triggers/webhook";

const KEY = "sk_test_123";
let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function ctxFor<P extends z.ZodType>(routes: FakeRoute[], def: { props: P }, props: unknown) {
  api = await startFakeApi(routes.map((r) => ({ ...r, check: (q) => (q.headers.authorization === `Bearer ${KEY}` ? r.check?.(q) : "missing secret key") })));
  return createMockContext(def, { connector: stripeConnector, props, credentials: { token: KEY }, baseUrl: `${api.url}/`, webhookUrl: "https://switchyard.example/hooks/s1" });
}
const customerRoute = (respond: FakeRoute["respond"]): FakeRoute => ({ method: "GET", path: "/v1/customers/cus_123", respond });
const customer = { id: "cus_123", object: "customer", email: "jenny@example.com", name: "Jenny", created: 1680893993, metadata: { plan: "pro" } };

describe("stripe.retrieveCustomer", () => {
  it("retrieves and maps a customer", async () => {
    const ctx = await ctxFor([customerRoute({ body: customer })], retrieveCustomer, { customerId: "cus_123" });
    expect(await retrieveCustomer.run!(ctx)).toEqual({ id: "cus_123", email: "jenny@example.com", name: "Jenny", created: 1680893993, metadata: { plan: "pro" } });
  });
  it("a bad key is a clear, non-retryable error", async () => {
    const ctx = await ctxFor([customerRoute({ status: 401, body: { error: { message: "Invalid API Key provided: sk_test_***123", type: "invalid_request_error" } } })], retrieveCustomer, { customerId: "cus_123" });
    await expect(retrieveCustomer.run!(ctx)).rejects.toThrow(/^Stripe rejected the API key \(Invalid API Key provided/);
  });
  it("waits out a 429's Retry-After", async () => {
    const ctx = await ctxFor([customerRoute((_r, n) => (n === 1 ? { status: 429, headers: { "retry-after": "1" }, body: { error: { message: "Too many requests" } } } : { body: customer }))], retrieveCustomer, { customerId: "cus_123" });
    expect((await retrieveCustomer.run!(ctx)).id).toBe("cus_123");
    expect(api!.requests).toHaveLength(2);
  });
  it("rejects a malformed response", async () => {
    const ctx = await ctxFor([customerRoute({ body: { id: "cus_123" } })], retrieveCustomer, { customerId: "cus_123" });
    await expect(retrieveCustomer.run!(ctx)).rejects.toThrow("not a customer");
  });
});

describe("stripe webhook trigger", () => {
  const sign = (secret: string, body: string, t = Math.floor(Date.now() / 1000)) => `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;

  it("creates the endpoint (form-encoded), keeps its signing secret, verifies events, and deletes it on disable", async () => {
    const ctx = await ctxFor(
      [
        {
          method: "POST",
          path: "/v1/webhook_endpoints",
          check: (r) => {
            const f = new URLSearchParams(r.body);
            return f.get("url") === "https://switchyard.example/hooks/s1" && f.getAll("enabled_events[]").join() === "customer.created,invoice.paid" ? undefined : `form was ${r.body}`;
          },
          respond: { body: { id: "we_1", object: "webhook_endpoint", secret: "whsec_abc" } },
        },
        { method: "DELETE", path: "/v1/webhook_endpoints/we_1", respond: { body: { id: "we_1", deleted: true } } },
      ],
      stripeEvent,
      { events: ["customer.created", "invoice.paid"] },
    );
    await stripeEvent.onEnable!(ctx);
    expect(await ctx.store.get("signingSecret")).toBe("whsec_abc");

    const body = JSON.stringify({ id: "evt_1", type: "customer.created", created: 1, data: { object: { id: "cus_1" } } });
    expect(await stripeEvent.parse!({ ...ctx, request: { headers: { "stripe-signature": sign("whsec_abc", body) }, body } })).toEqual([{ id: "evt_1", type: "customer.created", created: 1, data: { object: { id: "cus_1" } } }]);
    await expect(stripeEvent.parse!({ ...ctx, request: { headers: { "stripe-signature": sign("whsec_other", body) }, body } })).rejects.toThrow("does not match");
    await stripeEvent.onDisable!(ctx);
    expect(api!.requests.at(-1)).toMatchObject({ method: "DELETE", path: "/v1/webhook_endpoints/we_1" });
  });

  it("refuses stale timestamps and accepts any matching v1 during secret rollover", () => {
    const now = 1_700_000_000;
    expect(verifyStripeSignature("s", "b", sign("s", "b", now), now)).toBe(true);
    expect(verifyStripeSignature("s", "b", sign("s", "b", now - 301), now)).toBe(false);
    const rolled = `${sign("old", "b", now)},v1=${createHmac("sha256", "s").update(`${now}.b`).digest("hex")}`;
    expect(verifyStripeSignature("s", "b", rolled, now)).toBe(true);
    expect(verifyStripeSignature("s", "b", undefined, now)).toBe(false);
  });
});
