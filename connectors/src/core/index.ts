import { defineConnector } from "../sdk/define";
import { condition, filter } from "./actions/condition";
import { delay } from "./actions/delay";
import { merge } from "./actions/merge";
import { transform } from "./actions/transform";

/** Operations the engine evaluates inside the workflow (no account, no activity). */
export const core = defineConnector({
  slug: "core",
  name: "Core",
  description: "Transform, branch, merge and wait.",
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M4 6h10M4 12h16M4 18h7" stroke="currentColor" stroke-width="2" fill="none"/></svg>',
  categories: ["core"],
  actions: [transform, condition, filter, merge, delay],
});
