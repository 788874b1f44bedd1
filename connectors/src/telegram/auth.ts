import { z } from "zod";
import { secretField, type AuthDefinition } from "../sdk/auth";
import { telegramCall } from "./client";

/** Bot API tokens travel in the URL path: /bot<token>/<method>. */
export const telegramAuth: AuthDefinition = {
  kind: "custom",
  props: z.object({
    botToken: z
      .string()
      .regex(/^\d+:[\w-]{20,}$/, "a bot token looks like 123456789:AA…, as BotFather gives it")
      .meta({ title: "Bot token", ...secretField }),
  }),
  apply(props, _headers, url) {
    url.pathname = url.pathname.replace(/\/(?=[^/]*$)/, `/bot${String(props.botToken)}/`);
  },
  async test({ http }) {
    await telegramCall(http, "getMe", {});
  },
};
