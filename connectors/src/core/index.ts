import { defineConnector } from "../sdk/define";
import { condition, filter } from "./actions/condition";
import { delay } from "./actions/delay";
import { merge } from "./actions/merge";
import { transform } from "./actions/transform";
import { icon } from "./icon";

/** Operations the engine evaluates inside the workflow (no account, no activity). */
export const core = defineConnector({
  slug: "core",
  name: "Core",
  description: "Transform, branch, merge and wait.",
  icon,
  categories: ["core"],
  actions: [transform, condition, filter, merge, delay],
});
