import { z } from "zod";
import { jsonRecord } from "./runtime-config";

/** One OAuth2 app registration; endpoints override the connector's (self-hosted providers, test fakes). */
export const oauthClientSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  authorizationUrl: z.url().optional(),
  tokenUrl: z.url().optional(),
  /** For providers that sign event deliveries with an app-level secret (Slack). */
  signingSecret: z.string().min(1).optional(),
});

export type OAuthClient = z.infer<typeof oauthClientSchema>;

/**
 * `SWITCHYARD_OAUTH_CLIENTS`: JSON of connector slug → app
 * registration, shared by web (authorize) and worker (refresh).
 */
export const oauthClientsEnv = {
  SWITCHYARD_OAUTH_CLIENTS: jsonRecord(
    "SWITCHYARD_OAUTH_CLIENTS",
    oauthClientSchema,
    '{"slack":{"clientId":"…","clientSecret":"…"}}',
  ),
};
