import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { NonRetryableError } from "../../sdk/errors";
import { slackCall } from "../client";

export const findUserByEmail = defineAction({
  name: "findUserByEmail",
  effect: "read",
  title: "Find user by email",
  description: "Look up a workspace member by email address.",
  props: z.object({ email: z.email() }),
  output: z.object({ id: z.string(), name: z.string(), realName: z.string().optional() }),
  sampleOutput: { id: "U0123456789", name: "ann", realName: "Ann Example" },
  describe: ({ email }) => `Find the Slack member with email ${email}`,
  async run({ http, props }) {
    // users.lookupByEmail takes no JSON body, hence GET with a query.
    const { user } = await slackCall<{ user?: { id: string; name: string; real_name?: string } }>(
      http,
      "users.lookupByEmail",
      { email: props.email },
      { get: true },
    );
    if (!user || typeof user !== "object")
      throw new NonRetryableError('Slack users.lookupByEmail: the answer is malformed (no "user")');
    return { id: user.id, name: user.name, realName: user.real_name };
  },
});
