import { defineConnector } from "../sdk/define";
import { retrieveCustomer } from "./actions/customers";
import { icon } from "./icon";
import { stripeEvent } from "./triggers/webhook";

export const stripeConnector = defineConnector({
  slug: "stripe",
  name: "Stripe",
  description: "Start workflows on Stripe events and look up customers.",
  icon,
  categories: ["payments"],
  auth: { kind: "bearer" },
  baseUrl: "https://api.stripe.com/",
  actions: [retrieveCustomer],
  triggers: [stripeEvent],
});
