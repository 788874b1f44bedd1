import { z } from "zod";
import type { AuthDefinition } from "../sdk/auth";
import { graph } from "./client";

/**
 * Facebook Login for a user access token; Page tokens are derived from it per
 * call. The code gives a short-lived token (hours), traded at once for a
 * long-lived one (about 60 days). Facebook issues no refresh token: before it
 * expires the connection is marked needs_reauth and the workspace alerted.
 */
export const facebookPagesAuth: AuthDefinition = {
  kind: "oauth2",
  authorizationUrl: "https://www.facebook.com/v21.0/dialog/oauth",
  tokenUrl: "https://graph.facebook.com/v21.0/oauth/access_token",
  scopes: ["pages_show_list", "pages_read_engagement", "pages_manage_posts"],
  // Facebook documents PKCE only for its OIDC login flow (still
  // "in testing"); this code flow rests on the client secret.
  pkce: false,
  scopeSeparator: ",",
  // Asks again for permissions the user declined before, so reconnecting can fix a missing pages_manage_posts.
  extraParams: { auth_type: "rerequest" },
  upgradeGrant: (accessToken) => ({ grant_type: "fb_exchange_token", fb_exchange_token: accessToken }),
  async test({ http }) {
    await graph(http, {
      purpose: "read the connected account",
      request: { url: "me?fields=id,name" },
      answer: z.object({ id: z.string().min(1), name: z.string() }),
    });
  },
};
