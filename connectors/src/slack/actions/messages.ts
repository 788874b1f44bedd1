import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { slackCall } from "../client";

const messageOutput = z.object({ channel: z.string(), ts: z.string() });

export const postMessage = defineAction({
  name: "postMessage",
  title: "Post message",
  description: "Post a message to a channel, optionally in a thread.",
  props: z.object({
    channel: z.string().min(1),
    text: z.string().min(1),
    blocks: z.array(z.record(z.string(), z.unknown())).optional(),
    threadTs: z.string().optional(),
  }),
  output: messageOutput,
  sampleOutput: { channel: "C0123456789", ts: "1712345678.000100" },
  async run({ http, props }) {
    const r = await slackCall<{ channel: string; ts: string }>(http, "chat.postMessage", { channel: props.channel, text: props.text, blocks: props.blocks, thread_ts: props.threadTs });
    return { channel: r.channel, ts: r.ts };
  },
});

export const updateMessage = defineAction({
  name: "updateMessage",
  title: "Update message",
  description: "Change the text of a message the bot posted.",
  props: z.object({ channel: z.string().min(1), ts: z.string().min(1), text: z.string().min(1), blocks: z.array(z.record(z.string(), z.unknown())).optional() }),
  output: messageOutput,
  sampleOutput: { channel: "C0123456789", ts: "1712345678.000100" },
  async run({ http, props }) {
    const r = await slackCall<{ channel: string; ts: string }>(http, "chat.update", { channel: props.channel, ts: props.ts, text: props.text, blocks: props.blocks });
    return { channel: r.channel, ts: r.ts };
  },
});

export const addReaction = defineAction({
  name: "addReaction",
  title: "Add reaction",
  description: "React to a message with an emoji (name without colons).",
  props: z.object({ channel: z.string().min(1), ts: z.string().min(1), name: z.string().regex(/^[a-z0-9_+-]+$/, "emoji name without colons, e.g. white_check_mark") }),
  output: z.object({ added: z.boolean() }),
  sampleOutput: { added: true },
  async run({ http, props }) {
    await slackCall(http, "reactions.add", { channel: props.channel, timestamp: props.ts, name: props.name });
    return { added: true };
  },
});
