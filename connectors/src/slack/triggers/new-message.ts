import { z } from "zod";
import { defineTrigger } from "../../sdk/define";
import { checkDelivery, readSlackEnvelope, requireSigningSecret, verifySlackRequest } from "../events";

/** The fields of an `event_callback` carrying a message event that the item is made of. */
const messageCallback = z.object({
  event_id: z.string().min(1),
  team_id: z.string(),
  event: z.object({
    type: z.literal("message"),
    subtype: z.string().optional(),
    channel: z.string(),
    user: z.string().optional(),
    bot_id: z.string().optional(),
    text: z.string().optional(),
    ts: z.string().min(1),
    thread_ts: z.string().optional(),
  }),
});

type MessageEvent = z.infer<typeof messageCallback>["event"];

/**
 * Subtypes that are someone saying something new. The rest are edits,
 * deletions, joins, topic changes and the like; bot_message is decided by the
 * includeBotMessages prop.
 */
const NEW_MESSAGE_SUBTYPES = new Set(["thread_broadcast", "file_share", "me_message"]);

function isWanted(event: MessageEvent, props: { includeBotMessages: boolean; includeThreadReplies: boolean }): boolean {
  // Apps posting with a bot token send no subtype but a bot_id, so the app's own posts count as bot messages too.
  const fromBot = event.subtype === "bot_message" || event.bot_id !== undefined;
  if (fromBot && !props.includeBotMessages) return false;
  if (event.subtype !== undefined && event.subtype !== "bot_message" && !NEW_MESSAGE_SUBTYPES.has(event.subtype))
    return false;
  // A broadcast reply is posted to the channel as well, so it is new there.
  const isReply = event.thread_ts !== undefined && event.thread_ts !== event.ts && event.subtype !== "thread_broadcast";
  return !isReply || props.includeThreadReplies;
}

export const newMessage = defineTrigger({
  name: "newMessage",
  title: "New message in channel",
  description:
    "Starts when a message is posted in a channel. The Slack app must subscribe to the message.channels event " +
    "(message.groups for private channels) with this server's events URL, and the app must be a member of the channel.",
  kind: "event",
  props: z.object({
    channel: z
      .string()
      .regex(/^[CG][A-Z0-9]{2,}$/, "a channel ID like C0123ABC (not its #name)")
      .describe("Channel ID, like C0123ABC: in Slack, open the channel's details; the ID is at the bottom"),
    includeBotMessages: z
      .boolean()
      .default(false)
      .describe("Also start on messages from bots and apps, including this workflow's own posts (beware of loops)"),
    includeThreadReplies: z
      .boolean()
      .default(false)
      .describe("Also start on replies inside threads, not only on messages posted to the channel"),
  }),
  output: z.object({
    eventId: z.string(),
    team: z.string().describe("Workspace ID"),
    channel: z.string(),
    user: z.string().nullable().describe("Who posted it; null for bot messages without a bot user"),
    botId: z.string().nullable().describe("Set when a bot or app posted it"),
    text: z.string(),
    ts: z.string().describe("The message's ID within the channel: use it to reply in its thread or react to it"),
    threadTs: z.string().nullable().describe("The thread's parent ts, when the message is in a thread"),
  }),
  sampleOutput: {
    eventId: "Ev0123ABCDEF",
    team: "T0123ABCD",
    channel: "C0123ABCD",
    user: "U0123ABCD",
    botId: null,
    text: "Deploy of 1.2.3 finished",
    ts: "1712345678.000100",
    threadTs: null,
  },
  async parse({ props, app, request }) {
    verifySlackRequest(requireSigningSecret(app), request.headers, request.body);
    const envelope = readSlackEnvelope(request.body);
    if (
      envelope.type !== "event_callback" ||
      envelope.event?.type !== "message" ||
      envelope.event.channel !== props.channel
    )
      return [];
    const { event_id, team_id, event } = checkDelivery("Slack message event", messageCallback, envelope);
    if (!isWanted(event, props)) return [];
    return [
      {
        eventId: event_id,
        team: team_id,
        channel: event.channel,
        user: event.user ?? null,
        botId: event.bot_id ?? null,
        text: event.text ?? "",
        ts: event.ts,
        threadTs: event.thread_ts ?? null,
      },
    ];
  },
  // Slack redelivers (X-Slack-Retry-Num) when not answered in 3 s; the envelope's event_id stays the same.
  dedupeKey: (item) => item.eventId,
});
