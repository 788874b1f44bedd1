import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { quoted } from "../../sdk/describe";
import { telegramCall } from "../client";

export const sendMessage = defineAction({
  name: "sendMessage",
  effect: "write",
  title: "Send message",
  description: "Send a text message to a chat, group or channel.",
  props: z.object({
    chatId: z.union([z.string().min(1), z.number().int()]),
    text: z.string().min(1).max(4096),
    parseMode: z.enum(["MarkdownV2", "HTML"]).optional(),
    disableNotification: z.boolean().optional(),
  }),
  output: z.object({ messageId: z.number(), chatId: z.union([z.number(), z.string()]) }),
  sampleOutput: { messageId: 42, chatId: -1001234567890 },
  describe: ({ chatId, text, disableNotification }) =>
    `Send to Telegram chat ${chatId}${disableNotification ? " silently" : ""}: ${quoted(text)}`,
  async run({ http, props, signal }) {
    const r = await telegramCall<{ message_id: number; chat: { id: number | string } }>(
      http,
      "sendMessage",
      {
        chat_id: props.chatId,
        text: props.text,
        parse_mode: props.parseMode,
        disable_notification: props.disableNotification,
      },
      signal,
    );
    // Read null-safely: runAction reports a result of the wrong shape as malformed.
    return { messageId: r?.message_id, chatId: r?.chat?.id };
  },
});
