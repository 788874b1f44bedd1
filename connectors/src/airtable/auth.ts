import { z } from "zod";
import type { AuthDefinition } from "../sdk/auth";
import { airtableCall } from "./client";

/** OAuth 2.0 with PKCE, which Airtable requires; the user picks which bases to grant while authorizing. */
export const airtableAuth: AuthDefinition = {
  kind: "oauth2",
  authorizationUrl: "https://airtable.com/oauth2/v1/authorize",
  tokenUrl: "https://airtable.com/oauth2/v1/token",
  scopes: ["data.records:read", "data.records:write"],
  pkce: true,
  // Airtable's confidential clients authenticate at the token endpoint with HTTP Basic.
  clientAuth: "basic",
  async test({ http }) {
    await airtableCall(http, "read the connected account", { url: "meta/whoami" }, z.object({ id: z.string().min(1) }));
  },
};
