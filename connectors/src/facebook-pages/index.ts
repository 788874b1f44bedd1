import { defineConnector } from "../sdk/define";
import { listPages } from "./actions/pages";
import { createPagePost } from "./actions/posts";
import { facebookPagesAuth } from "./auth";

export const facebookPages = defineConnector({
  slug: "facebook-pages",
  name: "Facebook Pages",
  description: "Publish and schedule posts on the Facebook Pages you manage.",
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M24 12.07C24 5.4 18.63 0 12 0S0 5.4 0 12.07C0 18.1 4.39 23.1 10.13 24v-8.44H7.08v-3.49h3.05V9.41c0-3.02 1.79-4.7 4.53-4.7 1.31 0 2.69.24 2.69.24v2.97h-1.51c-1.5 0-1.96.93-1.96 1.89v2.26h3.33l-.53 3.49h-2.8V24C19.61 23.1 24 18.1 24 12.07Z" fill="currentColor"/></svg>',
  categories: ["social", "marketing"],
  auth: facebookPagesAuth,
  baseUrl: "https://graph.facebook.com/v21.0/",
  actions: [createPagePost, listPages],
});
