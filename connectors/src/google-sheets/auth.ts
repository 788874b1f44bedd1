import { z } from "zod";
import type { AuthDefinition } from "../sdk/auth";
import { callGoogle } from "./client";

/** Google's OpenID Connect userinfo endpoint: the Sheets API has no "who am I" call of its own. */
export const USERINFO_URL = "https://openidconnect.googleapis.com/v1/userinfo";

export const googleSheetsAuth: AuthDefinition = {
  kind: "oauth2",
  authorizationUrl: "https://accounts.google.com/o/oauth2/v2/auth",
  tokenUrl: "https://oauth2.googleapis.com/token",
  // spreadsheets: read and write the user's sheets. openid + email: only for "Test connection"
  // (userinfo), non-sensitive scopes that add no access to files.
  scopes: ["https://www.googleapis.com/auth/spreadsheets", "openid", "https://www.googleapis.com/auth/userinfo.email"],
  pkce: true,
  // offline + consent: Google returns a refresh token only when asked for offline access, and only on a consent screen.
  extraParams: { access_type: "offline", prompt: "consent" },
  async test({ http }) {
    await callGoogle(http, { url: USERINFO_URL }, z.object({ sub: z.string() }), "the Google account");
  },
};
