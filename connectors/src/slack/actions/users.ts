import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { slackCall } from "../client";

export const findUserByEmail = defineAction({
  name: "findUserByEmail",
  title: "Find user by email",
  description: "Look up a workspace member by email address.",
  props: z.object({ email: z.email() }),
  output: z.object({ id: z.string(), name: z.string(), realName: z.string().optional() }),
  sampleOutput: { id: "U0123456789", name: "ann", realName: "Ann Example" },
  async run({ http, props }) {
    const r = await slackCall<{ user?: { id?: string; name?: string; real_name?: string } }>(http, "users.lookupByEmail", { email: props.email }, { get: true });
    if (!r.user?.id || !r.user.name) throw new Error("Slack users.lookupByEmail returned no user id");
    return { id: r.user.id, name: r.user.name, realName: r.user.real_name };
  },
});
