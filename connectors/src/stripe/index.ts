import { defineConnector } from "../sdk/define";
import { retrieveCustomer } from "./actions/customers";
import { stripeEvent } from "./triggers/webhook";

export const stripeConnector = defineConnector({
  slug: "stripe",
  name: "Stripe",
  description: "Start workflows on Stripe events and look up customers.",
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M13.5 9.2c-1.6-.6-2.5-1-2.5-1.7 0-.6.5-1 1.4-1 1.7 0 3.4.7 4.6 1.3l.7-4.2A11 11 0 0 0 12.5 2C8.8 2 6.3 4 6.3 7.1c0 3.1 2.7 4.2 5.1 5 1.5.6 2.1 1 2.1 1.7s-.6 1.1-1.7 1.1c-1.4 0-3.8-.7-5.4-1.6l-.7 4.3c1.4.8 4 1.5 6.6 1.5 3.9 0 6.5-1.9 6.5-5.1 0-3.4-2.8-4.3-5.3-4.8Z" fill="currentColor"/></svg>',
  categories: ["payments"],
  auth: { kind: "bearer" },
  baseUrl: "https://api.stripe.com/",
  actions: [retrieveCustomer],
  triggers: [stripeEvent],
});
