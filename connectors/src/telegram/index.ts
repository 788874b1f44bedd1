import { defineConnector } from "../sdk/define";
import { sendMessage } from "./actions/send-message";
import { telegramAuth } from "./auth";

export const telegram = defineConnector({
  slug: "telegram",
  name: "Telegram",
  description: "Send messages with a Telegram bot.",
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M21.9 4.3 18.7 19.4c-.2 1-.9 1.3-1.8.8l-4.9-3.6-2.4 2.3c-.3.3-.5.5-1 .5l.3-5 9.1-8.2c.4-.4-.1-.6-.6-.2L6.1 13.1 1.3 11.6c-1-.3-1.1-1 .2-1.5L20.6 2.8c.9-.3 1.6.2 1.3 1.5Z" fill="currentColor"/></svg>',
  categories: ["communication"],
  auth: telegramAuth,
  baseUrl: "https://api.telegram.org/",
  actions: [sendMessage],
});
