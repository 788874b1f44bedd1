import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { quoted } from "../../sdk/describe";
import { NonRetryableError } from "../../sdk/errors";
import { pageAccessToken, pagePath, postAsPage } from "../client";

const MINUTE_MS = 60_000;
/** Facebook's window for scheduled Page posts, counted from the API request. */
const EARLIEST_SCHEDULE_MS = 10 * MINUTE_MS;
const LATEST_SCHEDULE_MS = 30 * 24 * 60 * MINUTE_MS;

const createPagePostProps = z.object({
  pageId: z
    .string()
    .trim()
    .regex(/^\d+$/, "a numeric Page ID")
    .describe(
      'The numeric ID of the Page to post to. The "List pages" action shows the Pages this connection can post to.',
    ),
  message: z.string().min(1).describe("The post's text."),
  link: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe("A URL to share with the post; Facebook shows a preview of it."),
  published: z
    .boolean()
    .optional()
    .describe(
      "Whether the post appears on the Page right away. Defaults to true, " +
        "or to false when scheduledPublishTime is set; false alone creates a hidden post (e.g. to promote as an ad).",
    ),
  scheduledPublishTime: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(
      "Publish the post later, at this time (ISO 8601, e.g. 2025-07-01T09:00:00Z). " +
        "Facebook accepts times between 10 minutes and 30 days from now.",
    ),
});

type CreatePagePostProps = z.infer<typeof createPagePostProps>;

/** Facebook's rules for scheduling, checked up front so the message says what to change. */
export function scheduleOf(
  props: CreatePagePostProps,
  now = Date.now(),
): { published: boolean; scheduledPublishTime?: number } {
  if (!props.scheduledPublishTime) return { published: props.published ?? true };
  if (props.published === true) {
    throw new NonRetryableError(
      'A scheduled post cannot be published right away: leave "published" empty (or false) ' +
        "when setting scheduledPublishTime, or clear scheduledPublishTime to post now",
    );
  }
  const at = Date.parse(props.scheduledPublishTime);
  if (at < now + EARLIEST_SCHEDULE_MS) {
    throw new NonRetryableError(
      `scheduledPublishTime ${props.scheduledPublishTime} is too soon: ` +
        "Facebook schedules posts at least 10 minutes ahead; pick a later time, or clear it to post now",
    );
  }
  if (at > now + LATEST_SCHEDULE_MS) {
    throw new NonRetryableError(
      `scheduledPublishTime ${props.scheduledPublishTime} is too far ahead: ` +
        "Facebook schedules posts at most 30 days ahead",
    );
  }
  return { published: false, scheduledPublishTime: Math.floor(at / 1000) };
}

/** The form fields Facebook documents for POST /{page-id}/feed, with only the parts asked for. */
function feedParams(props: CreatePagePostProps, schedule: ReturnType<typeof scheduleOf>): Record<string, string> {
  return {
    message: props.message,
    ...(props.link ? { link: props.link } : {}),
    published: String(schedule.published),
    ...(schedule.scheduledPublishTime ? { scheduled_publish_time: String(schedule.scheduledPublishTime) } : {}),
  };
}

function describePagePost(props: CreatePagePostProps): string {
  const page = `Facebook Page ${props.pageId}`;
  const what = props.scheduledPublishTime
    ? `Schedule a post on ${page} for ${props.scheduledPublishTime}`
    : props.published === false
      ? `Create a hidden post on ${page}`
      : `Post to ${page}`;
  return `${what}: ${quoted(props.message)}${props.link ? ` with link ${props.link}` : ""}`;
}

export const createPagePost = defineAction({
  name: "createPagePost",
  effect: "write",
  title: "Create Page post",
  description: "Publish a post on a Facebook Page as the Page, with an optional link, now or scheduled for later.",
  props: createPagePostProps,
  output: z.object({ id: z.string(), pageId: z.string(), url: z.string(), published: z.boolean() }),
  sampleOutput: {
    id: "104183265412345_122101234567890123",
    pageId: "104183265412345",
    url: "https://www.facebook.com/104183265412345_122101234567890123",
    published: true,
  },
  describe: describePagePost,
  async run({ http, props }) {
    // Before any call: a schedule Facebook would refuse should not cost a token lookup.
    const schedule = scheduleOf(props);
    const token = await pageAccessToken(http, props.pageId);
    // No Idempotency-Key: Graph has none, and the shared client
    // repeats a POST only after a 429, which Facebook did not process.
    const post = await postAsPage(http, token, {
      purpose: `post to Page ${props.pageId}`,
      url: `${pagePath(props.pageId)}/feed`,
      params: feedParams(props, schedule),
      answer: z.object({ id: z.string().min(1) }),
    });
    return {
      id: post.id,
      pageId: props.pageId,
      url: `https://www.facebook.com/${post.id}`,
      published: schedule.published,
    };
  },
});
