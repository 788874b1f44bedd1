import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { NonRetryableError } from "../../sdk/errors";
import { stripe } from "../client";

export const retrieveCustomer = defineAction({
  name: "retrieveCustomer",
  effect: "read",
  title: "Retrieve customer",
  description: "Fetch a customer by id.",
  props: z.object({ customerId: z.string().regex(/^cus_\w+$/, "a Stripe customer id starts with cus_") }),
  output: z.object({
    id: z.string(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    created: z.number(),
    metadata: z.record(z.string(), z.string()),
  }),
  sampleOutput: {
    id: "cus_NffrFeUfNV2Hib",
    email: "jenny@example.com",
    name: "Jenny Rosen",
    created: 1680893993,
    metadata: {},
  },
  describe: ({ customerId }) => `Fetch Stripe customer ${customerId}`,
  async run({ http, props }) {
    // A deleted customer is only { id, object, deleted }; a live
    // one has the rest, held to the output schema by runAction.
    const { body: c } = await stripe<{
      id: string;
      object: string;
      deleted?: boolean;
      email: string | null;
      name: string | null;
      created: number;
      metadata: Record<string, string>;
    } | null>(http, {
      url: `v1/customers/${encodeURIComponent(props.customerId)}`,
    });
    if (c?.object !== "customer") throw new NonRetryableError("Stripe's answer is malformed (not a customer object)");
    if (c.deleted) throw new NonRetryableError(`Stripe customer ${c.id} was deleted`);
    return { id: c.id, email: c.email, name: c.name, created: c.created, metadata: c.metadata };
  },
});
