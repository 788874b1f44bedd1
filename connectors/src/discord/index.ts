import { z } from "zod";
import { secretField } from "../sdk/auth";
import { defineConnector } from "../sdk/define";
import { postViaWebhook } from "./actions/post";
import { icon } from "./icon";

const WEBHOOK = /^https:\/\/(?:discord|discordapp)\.com\/api\/webhooks\/\d+\/[\w-]+$/;

export const discord = defineConnector({
  slug: "discord",
  name: "Discord",
  description: "Post to a Discord channel through an incoming webhook.",
  icon,
  categories: ["communication"],
  // The webhook URL is the secret: the connection stores it, and it becomes the request URL.
  auth: {
    kind: "custom",
    props: z.object({
      webhookUrl: z
        .string()
        .regex(WEBHOOK, "paste the channel's webhook URL: https://discord.com/api/webhooks/<id>/<token>")
        .meta({ title: "Webhook URL", ...secretField }),
    }),
    // The webhook's id/token path goes under the configured base URL, so
    // deployments (and tests) choose the host like for every other connector.
    apply(props, _headers, url) {
      url.pathname = new URL(String(props.webhookUrl)).pathname;
    },
  },
  baseUrl: "https://discord.com/",
  actions: [postViaWebhook],
});
