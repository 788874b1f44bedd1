// Definitions the editor tests share.
import { definitionSchema, type WorkflowDefinition } from "@switchyard/workflows/definition";

export const define = (input: unknown): WorkflowDefinition => definitionSchema.parse(input);

/** The seed's story (ARCHITECTURE.md): a failed tweet must not stop the Facebook post. */
export const announce = define({
  name: "Announce a release",
  trigger: { type: "webhook" },
  steps: [
    {
      id: "review",
      uses: "core.checkpoint",
      with: {
        approvers: ["ops@example.com"],
        channels: ["slack", "email", "web"],
        title: "Announce {{ trigger.body.version }}?",
        editable: [{ field: "tweet.with.text" }],
      },
    },
    {
      id: "tweet",
      uses: "x.createPost",
      needs: ["review"],
      connection: "x-main",
      with: { text: "{{ trigger.body.text }}" },
    },
    {
      id: "facebook",
      uses: "facebook-pages.createPagePost",
      needs: ["review"],
      connection: "fb-page",
      with: { message: "{{ trigger.body.text }}" },
    },
    {
      id: "log",
      uses: "google-sheets.appendRow",
      connection: "sheets",
      with: { values: ["{{ trigger.body.version }}", "{{ run.startedAt }}"] },
    },
    {
      id: "notify",
      uses: "slack.postMessage",
      needs: ["tweet", "facebook"],
      connection: "slack",
      with: { channel: "#releases", text: "Posted: {{ steps.tweet.output.url }}" },
    },
  ],
});
