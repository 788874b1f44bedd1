import { defineConnector } from "../sdk/define";
import { sendMessage } from "./actions/send-message";
import { telegramAuth } from "./auth";
import { icon } from "./icon";

export const telegram = defineConnector({
  slug: "telegram",
  name: "Telegram",
  description: "Send messages with a Telegram bot.",
  icon,
  categories: ["communication"],
  auth: telegramAuth,
  baseUrl: "https://api.telegram.org/",
  actions: [sendMessage],
});
