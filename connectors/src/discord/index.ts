import { z } from "zod";
import { defineConnector } from "../sdk/define";
import { postViaWebhook } from "./actions/post";

const WEBHOOK = /^https:\/\/(?:discord|discordapp)\.com\/api\/webhooks\/\d+\/[\w-]+$/;

export const discord = defineConnector({
  slug: "discord",
  name: "Discord",
  description: "Post to a Discord channel through an incoming webhook.",
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M20 5.3A17 17 0 0 0 15.8 4l-.5 1a15.6 15.6 0 0 0-6.6 0l-.5-1A17 17 0 0 0 4 5.3C1.4 9.2.7 13 1 16.7A17 17 0 0 0 6.2 19l1-1.7-1.7-.8.4-.3a12 12 0 0 0 12.2 0l.4.3-1.7.8 1 1.7a17 17 0 0 0 5.2-2.6c.4-4.3-.7-8-2.9-11.4ZM8.7 14.5c-1 0-1.8-.9-1.8-2s.8-2 1.8-2 1.8.9 1.8 2-.8 2-1.8 2Zm6.6 0c-1 0-1.8-.9-1.8-2s.8-2 1.8-2 1.8.9 1.8 2-.8 2-1.8 2Z" fill="currentColor"/></svg>',
  categories: ["communication"],
  // The webhook URL is the secret: the connection stores it, and it becomes the request URL.
  auth: {
    kind: "custom",
    props: z.object({ webhookUrl: z.string().regex(WEBHOOK, "paste the channel's webhook URL: https://discord.com/api/webhooks/<id>/<token>") }),
    // The webhook's id/token path goes under the configured base URL, so
    // deployments (and tests) choose the host like for every other connector.
    apply(props, _headers, url) {
      url.pathname = new URL(String(props.webhookUrl)).pathname;
    },
  },
  baseUrl: "https://discord.com/",
  actions: [postViaWebhook],
});
