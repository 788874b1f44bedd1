import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { defineTrigger } from "../../sdk/define";
import { NonRetryableError } from "../../sdk/errors";
import { stripe } from "../client";

/** Stripe's default: events signed more than 5 minutes ago are refused (replay protection). */
export const TOLERANCE_SECONDS = 300;

/** Verifies `Stripe-Signature: t=<unix>,v1=<hex>[,v1=…]` over `<t>.<raw body>`. */
export function verifyStripeSignature(
  secret: string,
  body: string,
  header: string | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false;
  const parts = header.split(",").map((p) => p.split("=", 2) as [string, string]);
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  if (!Number.isFinite(t) || Math.abs(nowSeconds - t) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  return parts.some(
    ([k, v]) => k === "v1" && v.length === expected.length && timingSafeEqual(Buffer.from(v), expected),
  );
}

export const stripeEvent = defineTrigger({
  name: "event",
  title: "Stripe event",
  description: "Starts on Stripe events (payments, customers, subscriptions, …).",
  kind: "webhook",
  props: z.object({ events: z.array(z.string().min(1)).min(1).default(["*"]) }),
  output: z.object({ id: z.string(), type: z.string(), created: z.number(), data: z.record(z.string(), z.unknown()) }),
  sampleOutput: { id: "evt_1", type: "customer.created", created: 1680893993, data: { object: { id: "cus_1" } } },
  // Stripe returns the signing secret only when the endpoint is created; it is kept in the trigger's store.
  async onEnable({ http, props, store, webhookUrl }) {
    if (!webhookUrl) throw new NonRetryableError("no webhook URL to register with Stripe");
    const { body } = await stripe<{ id: string; secret: string }>(http, {
      method: "POST",
      url: "v1/webhook_endpoints",
      body: { url: webhookUrl, enabled_events: props.events },
    });
    await store.set("endpointId", body.id);
    await store.set("signingSecret", body.secret);
  },
  async onDisable({ http, store }) {
    const id = await store.get<string>("endpointId");
    if (id) await stripe(http, { method: "DELETE", url: `v1/webhook_endpoints/${encodeURIComponent(id)}` });
    await store.delete("endpointId");
    await store.delete("signingSecret");
  },
  async parse({ request, store }) {
    const secret = await store.get<string>("signingSecret");
    if (!secret) throw new NonRetryableError("this Stripe trigger has no signing secret; disable and enable it again");
    if (!verifyStripeSignature(secret, request.body, request.headers["stripe-signature"]))
      throw new NonRetryableError("Stripe-Signature does not match (or the event is too old)");
    const event = JSON.parse(request.body) as {
      id: string;
      type: string;
      created: number;
      data: Record<string, unknown>;
    };
    return [{ id: event.id, type: event.type, created: event.created, data: event.data }];
  },
  dedupeKey: (e) => e.id,
});
