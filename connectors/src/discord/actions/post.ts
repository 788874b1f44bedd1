import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { quoted } from "../../sdk/describe";
import { executeWebhook } from "../client";

export const postViaWebhook = defineAction({
  name: "postViaWebhook",
  effect: "write",
  title: "Post message",
  description: "Post a message to a channel through its incoming webhook.",
  props: z.object({
    content: z.string().min(1).max(2000),
    username: z.string().max(80).optional(),
    embeds: z.array(z.record(z.string(), z.unknown())).max(10).optional(),
  }),
  output: z.object({ id: z.string(), channelId: z.string() }),
  sampleOutput: { id: "1234567890123456789", channelId: "9876543210987654321" },
  describe: ({ content, username }) =>
    `Post to Discord${username ? ` as ${quoted(username)}` : ""}: ${quoted(content)}`,
  async run(ctx) {
    const { content, username, embeds } = ctx.props;
    // `wait=true` makes Discord answer 200 with the created message instead of an empty 204.
    const message = await executeWebhook<{ id: string; channel_id: string }>(ctx, "?wait=true", {
      content,
      username,
      embeds,
    });
    // Read null-safely: runAction reports an answer of the wrong shape as malformed.
    return { id: message?.id, channelId: message?.channel_id };
  },
});
