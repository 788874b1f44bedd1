import { defineConnector } from "../sdk/define";
import { listPages } from "./actions/pages";
import { createPagePost } from "./actions/posts";
import { facebookPagesAuth } from "./auth";
import { icon } from "./icon";

export const facebookPages = defineConnector({
  slug: "facebook-pages",
  name: "Facebook Pages",
  description: "Publish and schedule posts on the Facebook Pages you manage.",
  icon,
  categories: ["social", "marketing"],
  auth: facebookPagesAuth,
  baseUrl: "https://graph.facebook.com/v21.0/",
  actions: [createPagePost, listPages],
});
