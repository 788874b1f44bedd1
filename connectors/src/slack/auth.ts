import type { AuthDefinition } from "../sdk/auth";
import { slackCall } from "./client";

/** A bot token from Slack's OAuth v2 flow (scopes for every action below). */
export const slackAuth: AuthDefinition = {
  kind: "oauth2",
  authorizationUrl: "https://slack.com/oauth/v2/authorize",
  tokenUrl: "https://slack.com/api/oauth.v2.access",
  scopes: ["chat:write", "reactions:write", "users:read", "users:read.email", "channels:history", "groups:history"],
  pkce: false,
  scopeSeparator: ",",
  // oauth.v2.access answers { team: { id, name } }: the Slack workspace the bot token acts in.
  accountOf(answer) {
    const team = answer.team as { id?: unknown; name?: unknown } | undefined;
    return typeof team?.id === "string"
      ? { id: team.id, ...(typeof team.name === "string" ? { name: team.name } : {}) }
      : undefined;
  },
  async test({ http }) {
    await slackCall(http, "auth.test", {});
  },
};
