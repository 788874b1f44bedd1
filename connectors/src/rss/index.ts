import { defineConnector } from "../sdk/define";
import { icon } from "./icon";
import { newItem } from "./triggers/new-item";

export const rss = defineConnector({
  slug: "rss",
  name: "RSS / Atom",
  description: "Start workflows on new items of any RSS or Atom feed.",
  icon,
  categories: ["content"],
  actions: [],
  triggers: [newItem],
});
