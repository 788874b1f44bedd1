import { defineConnector } from "../sdk/define";
import { createPost, deletePost } from "./actions/posts";
import { xAuth } from "./auth";
import { icon } from "./icon";

export const x = defineConnector({
  slug: "x",
  name: "X (Twitter)",
  description: "Publish posts (tweets), replies and quotes from an X account, and delete them.",
  icon,
  categories: ["social"],
  auth: xAuth,
  baseUrl: "https://api.x.com/2/",
  actions: [createPost, deletePost],
});
