/** Ready-made workflows to start from. Connections are named, not included: the editor asks for them. */
export interface WorkflowTemplate {
  id: string;
  title: string;
  summary: string;
  definition: {
    name: string;
    description: string;
    trigger: { type: "webhook" };
    steps: { id: string; uses: string; connection: string; needs?: string[]; with: Record<string, unknown> }[];
  };
}

/** The seed's story: a release is announced on X and Facebook at once, and Slack hears once both are out. */
export const ANNOUNCE_RELEASE: WorkflowTemplate = {
  id: "announce-release",
  title: "Announce a release",
  summary:
    "A webhook posts the release on X and Facebook in parallel; a Slack message follows once both posts are out.",
  definition: {
    name: "Announce a release",
    description: "POST {text, pageId} to the webhook: X and Facebook get the text, #releases gets both links.",
    trigger: { type: "webhook" },
    steps: [
      { id: "tweet", uses: "x.createPost", connection: "x", with: { text: "{{ trigger.body.text }}" } },
      {
        id: "facebook",
        uses: "facebook-pages.createPagePost",
        connection: "facebook",
        with: { pageId: "{{ trigger.body.pageId }}", message: "{{ trigger.body.text }}" },
      },
      {
        id: "notify",
        uses: "slack.postMessage",
        connection: "slack",
        needs: ["tweet", "facebook"],
        with: {
          channel: "#releases",
          text: "Posted: {{ steps.tweet.output.url }} and {{ steps.facebook.output.url }}",
        },
      },
    ],
  },
};

export const TEMPLATES: readonly WorkflowTemplate[] = [ANNOUNCE_RELEASE];
