import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { quoted } from "../../sdk/describe";
import { xCall } from "../client";
import { mediaId, postId, postUrl } from "../ids";

/**
 * X counts weighted characters (a URL counts 23, CJK and emoji count 2), and the
 * limit depends on the account: 280 by default, 25,000 with Premium. Only the
 * longest limit any account has is checked here; X itself decides below it.
 */
const LONGEST_POST = 25_000;

const createPostProps = z.object({
  text: z
    .string()
    .min(1)
    .max(LONGEST_POST)
    .describe(
      "The post's text. 280 characters for most accounts (links count as 23, emoji as 2); up to 25,000 with X Premium.",
    ),
  replyToPostId: postId.optional().describe("Reply to this post: its ID or URL."),
  quotePostId: postId
    .optional()
    .describe(
      "Quote this post: its ID or URL. X does not allow quoting together with media, and some API plans cannot quote.",
    ),
  mediaIds: z
    .array(mediaId)
    .min(1)
    .max(4)
    .optional()
    .describe("Media to attach, as IDs from X's media upload (up to 4 images, or 1 video or GIF)."),
  replySettings: z
    .enum(["following", "mentionedUsers", "subscribers", "verified"])
    .optional()
    .describe(
      "Who may reply: accounts you follow, accounts mentioned in the post, your subscribers, or verified accounts. " +
        "Everyone when empty.",
    ),
});

/** The request body X documents for POST /2/tweets, with only the parts asked for. */
function postBody(p: z.infer<typeof createPostProps>) {
  return {
    text: p.text,
    ...(p.replyToPostId ? { reply: { in_reply_to_tweet_id: p.replyToPostId } } : {}),
    ...(p.quotePostId ? { quote_tweet_id: p.quotePostId } : {}),
    ...(p.mediaIds ? { media: { media_ids: p.mediaIds } } : {}),
    ...(p.replySettings ? { reply_settings: p.replySettings } : {}),
  };
}

function describePost(p: z.infer<typeof createPostProps>): string {
  const what = p.replyToPostId
    ? `Reply on X to post ${p.replyToPostId}`
    : p.quotePostId
      ? `Quote X post ${p.quotePostId}`
      : "Post to X";
  const media = p.mediaIds ? ` with ${p.mediaIds.length} media` : "";
  return `${what}${media}: ${quoted(p.text)}`;
}

const digits = z.string().regex(/^\d+$/, "a numeric ID");

export const createPost = defineAction({
  name: "createPost",
  effect: "write",
  title: "Create post",
  description: "Publish a post (tweet) from the connected X account, optionally as a reply or a quote, with media.",
  props: createPostProps,
  output: z.object({ id: digits, text: z.string(), url: z.string() }),
  sampleOutput: {
    id: "1445880548472328192",
    text: "Release 1.2.3 is out: https://t.co/56a0vZUx7i",
    url: "https://x.com/i/web/status/1445880548472328192",
  },
  describe: describePost,
  async run({ http, props }) {
    // No Idempotency-Key: X has none, and the shared client only repeats a POST after a 429, which X did not process.
    const post = await xCall(
      http,
      "create the post",
      { method: "POST", url: "tweets", body: postBody(props) },
      z.object({ id: digits, text: z.string() }),
      { write: true },
    );
    return { id: post.id, text: post.text, url: postUrl(post.id) };
  },
});

export const deletePost = defineAction({
  name: "deletePost",
  effect: "write",
  title: "Delete post",
  description: "Delete a post (tweet) of the connected X account.",
  props: z.object({
    postId: postId.describe("The post to delete: its ID or URL. It must belong to the connected account."),
  }),
  output: z.object({ deleted: z.boolean() }),
  sampleOutput: { deleted: true },
  describe: ({ postId }) => `Delete X post ${postId}`,
  async run({ http, props }) {
    return xCall(
      http,
      "delete the post",
      { method: "DELETE", url: `tweets/${props.postId}` },
      z.object({ deleted: z.boolean() }),
    );
  },
});
