import { defineConnector } from "../sdk/define";
import { request } from "./actions/request";
import { icon } from "./icon";

export const http = defineConnector({
  slug: "http",
  name: "HTTP",
  description: "Call any HTTP API.",
  icon,
  categories: ["developer"],
  actions: [request],
});
