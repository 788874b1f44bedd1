import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  createMockContext,
  describeOperation,
  startFakeApi,
  type FakeApi,
  type FakeRequest,
  type FakeRoute,
} from "../sdk/testing";
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
  api = await startFakeApi(
    routes.map((r) => ({
      ...r,
      check: (q) => (q.headers.authorization === `Bearer ${KEY}` ? r.check?.(q) : "missing secret key"),
    })),
  );
  return createMockContext(def, {
    connector: stripeConnector,
    props,
    credentials: { token: KEY },
    baseUrl: `${api.url}/`,
    webhookUrl: "https://switchyard.example/hooks/s1",
  });
}
const customer = {
  id: "cus_123",
  object: "customer",
  email: "jenny@example.com",
  name: "Jenny",
  created: 1680893993,
  metadata: { plan: "pro" },
  livemode: false,
};
const customerRoute = {
  method: "GET",
  path: "/v1/customers/cus_123",
  check: (r: FakeRequest) =>
    r.headers.authorization === `Bearer ${KEY}` ? undefined : `authorization was ${r.headers.authorization}`,
};

describeOperation("stripe.retrieveCustomer contract", {
  connector: stripeConnector,
  operation: retrieveCustomer,
  props: { customerId: "cus_123" },
  credentials: { token: KEY },
  route: customerRoute,
  ok: { body: customer },
  expected: {
    id: "cus_123",
    email: "jenny@example.com",
    name: "Jenny",
    created: 1680893993,
    metadata: { plan: "pro" },
  },
  // Stripe masks the key it quotes; the message must not carry it either way.
  unauthorized: {
    status: 401,
    body: { error: { message: "Invalid API Key provided: sk_test_***123", type: "invalid_request_error" } },
  },
  unauthorizedError: /^Stripe rejected the API key \(Invalid API Key provided: sk_test_\*\*\*123\); reconnect Stripe/,
  malformed: [
    { body: { id: "cus_123" } },
    { body: { ...customer, created: "2023-04-07" } },
    { body: { ...customer, metadata: null } },
  ],
});

describe("stripe.retrieveCustomer", () => {
  it("a deleted customer is a clear, non-retryable error", async () => {
    const ctx = await ctxFor(
      [{ ...customerRoute, respond: { body: { id: "cus_123", object: "customer", deleted: true } } }],
      retrieveCustomer,
      { customerId: "cus_123" },
    );
    await expect(retrieveCustomer.run!(ctx)).rejects.toMatchObject({
      name: "NonRetryableError",
      message: "Stripe customer cus_123 was deleted",
    });
  });

  it("a restricted key without the permission is told what to grant", async () => {
    const ctx = await ctxFor(
      [
        {
          ...customerRoute,
          respond: {
            status: 403,
            body: {
              error: {
                message: "The provided key 'rk_test_***123' does not have the required permissions for this endpoint.",
                type: "invalid_request_error",
              },
            },
          },
        },
      ],
      retrieveCustomer,
      {
        customerId: "cus_123",
      },
    );
    await expect(retrieveCustomer.run!(ctx)).rejects.toThrow(
      /^Stripe refused the API key access \(The provided key 'rk_test_\*\*\*123' does not have the required permissions.*grant the restricted key this permission/,
    );
  });
});

describe("stripe webhook trigger", () => {
  const sign = (secret: string, body: string, t = Math.floor(Date.now() / 1000)) =>
    `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;

  it("creates the endpoint (form-encoded), keeps its secret, verifies events, and deletes it on disable", async () => {
    const ctx = await ctxFor(
      [
        {
          method: "POST",
          path: "/v1/webhook_endpoints",
          check: (r) => {
            const f = new URLSearchParams(r.body);
            return f.get("url") === "https://switchyard.example/hooks/s1" &&
              f.getAll("enabled_events[]").join() === "customer.created,invoice.paid"
              ? undefined
              : `form was ${r.body}`;
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

    const body = JSON.stringify({
      id: "evt_1",
      type: "customer.created",
      created: 1,
      data: { object: { id: "cus_1" } },
    });
    expect(
      await stripeEvent.parse!({ ...ctx, request: { headers: { "stripe-signature": sign("whsec_abc", body) }, body } }),
    ).toEqual([{ id: "evt_1", type: "customer.created", created: 1, data: { object: { id: "cus_1" } } }]);
    await expect(
      stripeEvent.parse!({ ...ctx, request: { headers: { "stripe-signature": sign("whsec_other", body) }, body } }),
    ).rejects.toThrow("does not match");
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
