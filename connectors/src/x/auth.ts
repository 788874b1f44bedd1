import { z } from "zod";
import type { AuthDefinition } from "../sdk/auth";
import { xCall } from "./client";

/** OAuth 2.0 user context. Access tokens last 2 hours, so offline.access (a refresh token) is essential. */
export const xAuth: AuthDefinition = {
  kind: "oauth2",
  authorizationUrl: "https://x.com/i/oauth2/authorize",
  tokenUrl: "https://api.x.com/2/oauth2/token",
  scopes: ["tweet.read", "tweet.write", "users.read", "offline.access"],
  pkce: true,
  // X requires confidential clients to authenticate at the token endpoint with HTTP Basic.
  clientAuth: "basic",
  async test({ http }) {
    await xCall(
      http,
      "read the connected account",
      { url: "users/me" },
      z.object({ id: z.string(), username: z.string() }),
    );
  },
};
