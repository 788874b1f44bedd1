import { z } from "zod";

/** One OAuth2 app registration; endpoints override the connector's (self-hosted providers, test fakes). */
export const oauthClientSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  authorizationUrl: z.url().optional(),
  tokenUrl: z.url().optional(),
});

export type OAuthClient = z.infer<typeof oauthClientSchema>;

/** `SWITCHYARD_OAUTH_CLIENTS`: JSON of connector slug → app registration, shared by web (authorize) and worker (refresh). */
export const oauthClientsEnv = {
  SWITCHYARD_OAUTH_CLIENTS: z
    .string()
    .default("{}")
    .transform((s, ctx) => {
      const parsed = z.record(z.string(), oauthClientSchema).safeParse((() => {
        try {
          return JSON.parse(s);
        } catch {
          return undefined;
        }
      })());
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: "custom", message: 'SWITCHYARD_OAUTH_CLIENTS must be JSON like {"slack":{"clientId":"…","clientSecret":"…"}}' });
      return z.NEVER;
    }),
};
