import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { quoted } from "../../sdk/describe";
import { NonRetryableError } from "../../sdk/errors";
import { slackCall } from "../client";

const channel = z.string().min(1).describe("Channel ID (like C0123ABC); the app must be a member of the channel");
const messageTs = z.string().min(1).describe("The message's ts, as returned by Post message or a trigger");
const blocks = z
  .array(z.record(z.string(), z.unknown()))
  .optional()
  .describe("Block Kit blocks; the text is then the notification fallback");
const messageOutput = z.object({ channel: z.string(), ts: z.string() });

export const postMessage = defineAction({
  name: "postMessage",
  effect: "write",
  title: "Post message",
  description: "Post a message to a channel, optionally in a thread.",
  props: z.object({
    channel,
    text: z.string().min(1),
    blocks,
    threadTs: z.string().optional().describe("ts of the thread's parent message, to reply in that thread"),
  }),
  output: messageOutput,
  sampleOutput: { channel: "C0123456789", ts: "1712345678.000100" },
  describe: ({ channel, text, threadTs }) =>
    `Post to Slack channel ${channel}${threadTs ? " in a thread" : ""}: ${quoted(text)}`,
  async run({ http, props }) {
    const r = await slackCall<{ channel: string; ts: string }>(
      http,
      "chat.postMessage",
      { channel: props.channel, text: props.text, blocks: props.blocks, thread_ts: props.threadTs },
      { write: true },
    );
    return { channel: r.channel, ts: r.ts };
  },
});

export const updateMessage = defineAction({
  name: "updateMessage",
  effect: "write",
  title: "Update message",
  description: "Change the text of a message the bot posted.",
  props: z.object({ channel, ts: messageTs, text: z.string().min(1), blocks }),
  output: messageOutput,
  sampleOutput: { channel: "C0123456789", ts: "1712345678.000100" },
  describe: ({ channel, ts, text }) => `Change Slack message ${ts} in ${channel} to: ${quoted(text)}`,
  async run({ http, props }) {
    const r = await slackCall<{ channel: string; ts: string }>(
      http,
      "chat.update",
      { channel: props.channel, ts: props.ts, text: props.text, blocks: props.blocks },
      { write: true },
    );
    return { channel: r.channel, ts: r.ts };
  },
});

export const addReaction = defineAction({
  name: "addReaction",
  effect: "write",
  title: "Add reaction",
  description:
    "React to a message with an emoji (name without colons). Reacting twice with the same emoji is not an error.",
  props: z.object({
    channel,
    ts: messageTs,
    name: z
      .string()
      .regex(
        /^[a-z0-9_+-]+(::skin-tone-[2-6])?$/,
        "emoji name without colons, e.g. white_check_mark or thumbsup::skin-tone-3",
      ),
  }),
  output: z.object({ added: z.boolean().describe("false when the app had already reacted with this emoji") }),
  sampleOutput: { added: true },
  describe: ({ channel, ts, name }) => `React with :${name}: to Slack message ${ts} in ${channel}`,
  async run({ http, props }) {
    try {
      await slackCall(
        http,
        "reactions.add",
        { channel: props.channel, timestamp: props.ts, name: props.name },
        { write: true },
      );
      return { added: true };
    } catch (err) {
      // The reaction is there either way; a retried step must not fail on it.
      if (err instanceof NonRetryableError && err.details?.code === "already_reacted") return { added: false };
      throw err;
    }
  },
});
