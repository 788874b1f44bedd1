import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { HttpError, NonRetryableError } from "../../sdk/errors";

export const postViaWebhook = defineAction({
  name: "postViaWebhook",
  title: "Post message",
  description: "Post a message to a channel through its incoming webhook.",
  props: z.object({
    content: z.string().min(1).max(2000),
    username: z.string().max(80).optional(),
    embeds: z.array(z.record(z.string(), z.unknown())).max(10).optional(),
  }),
  output: z.object({ id: z.string(), channelId: z.string() }),
  sampleOutput: { id: "1234567890123456789", channelId: "9876543210987654321" },
  async run({ http, props }) {
    // `wait=true` makes Discord answer with the created message instead of 204.
    let res;
    try {
      res = await http.request<{ id?: string; channel_id?: string }>({ method: "POST", url: "?wait=true", body: { content: props.content, username: props.username, embeds: props.embeds } });
    } catch (err) {
      if (err instanceof HttpError && (err.status === 401 || err.status === 404)) throw new NonRetryableError(`Discord rejected the webhook (HTTP ${err.status}); it was deleted or its URL is wrong — update the connection`);
      throw err;
    }
    if (!res.body || typeof res.body !== "object" || !res.body.id || !res.body.channel_id) throw new NonRetryableError("Discord returned an unexpected response (no message id)");
    return { id: res.body.id, channelId: res.body.channel_id };
  },
});
