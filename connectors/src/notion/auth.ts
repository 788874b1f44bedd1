import { z } from "zod";
import type { AuthDefinition } from "../sdk/auth";
import { notionCall } from "./client";

/**
 * A public Notion integration. Notion has no scopes: the user picks the pages and
 * databases to share while authorizing, and the integration's capabilities are set
 * in its settings. `owner=user` asks for a user-level (not workspace) installation.
 */
export const notionAuth: AuthDefinition = {
  kind: "oauth2",
  authorizationUrl: "https://api.notion.com/v1/oauth/authorize",
  tokenUrl: "https://api.notion.com/v1/oauth/token",
  scopes: [],
  pkce: false,
  extraParams: { owner: "user" },
  clientAuth: "basic",
  async test({ http }) {
    await notionCall(http, {
      purpose: "read the integration's bot user",
      request: { url: "users/me" },
      answer: z.object({ id: z.string() }),
    });
  },
};
