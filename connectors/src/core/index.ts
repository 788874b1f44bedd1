import { defineConnector } from "../sdk/define";
import { checkpoint } from "./actions/checkpoint";
import { condition, filter } from "./actions/condition";
import { delay } from "./actions/delay";
import { merge } from "./actions/merge";
import { respond } from "./actions/respond";
import { transform } from "./actions/transform";
import { icon } from "./icon";

/** Operations the engine evaluates inside the workflow (no account, no activity). */
export const core = defineConnector({
  slug: "core",
  name: "Core",
  description: "Transform, branch, merge, wait, ask people, and answer webhooks.",
  icon,
  categories: ["core"],
  actions: [transform, condition, filter, merge, delay, checkpoint, respond],
});
