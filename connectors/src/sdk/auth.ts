import { z } from "zod";
import { describeIssues } from "./answer";
import type { HttpClient } from "./http/client";

/**
 * Marks a credential field the connect form shows as a password input; every field is stored
 * encrypted and never shown again, but only these are hidden while typed.
 */
export const secretField = { secret: true } as const;

/** What a connection of each auth kind stores (encrypted at rest). */
export const credentialSchemas = {
  none: z.object({}),
  apiKey: z.object({
    apiKey: z
      .string()
      .min(1)
      .meta({ title: "API key", ...secretField }),
  }),
  basic: z.object({ username: z.string().min(1), password: z.string().meta(secretField) }),
  bearer: z.object({
    token: z
      .string()
      .min(1)
      .meta({ title: "Token", ...secretField }),
  }),
  oauth2: z.object({
    accessToken: z.string().min(1),
    refreshToken: z.string().optional(),
    expiresAt: z.number().optional(),
    scope: z.string().optional(),
  }),
} as const;

export type Credentials<K extends keyof typeof credentialSchemas> = z.infer<(typeof credentialSchemas)[K]>;

interface AuthBase {
  /** Used by "Test connection": resolves when the credentials work, throws with a clear message when not. */
  test?(ctx: AuthTestContext): Promise<void>;
}

export interface AuthTestContext {
  http: HttpClient;
}

export type AuthDefinition =
  | ({ kind: "none" } & AuthBase)
  | ({ kind: "apiKey"; in: "header" | "query"; name: string; /** e.g. "Token " */ prefix?: string } & AuthBase)
  | ({ kind: "basic" } & AuthBase)
  | ({ kind: "bearer" } & AuthBase)
  | ({
      kind: "oauth2";
      authorizationUrl: string;
      tokenUrl: string;
      scopes: string[];
      pkce: boolean;
      /** Extra query parameters for the authorization request (e.g. access_type=offline). */
      extraParams?: Record<string, string>;
      /** How `scope` is joined in the authorization request: RFC 6749 says space; Slack wants commas. */
      scopeSeparator?: " " | ",";
      /**
       * How the client authenticates at the token endpoint: `body` (client_secret_post, the default)
       * or `basic` (client_secret_basic: HTTP Basic, required by X, Notion, Airtable).
       */
      clientAuth?: "body" | "basic";
      /**
       * The provider account the tokens belong to, read from the token answer
       * (Slack: the team). Kept in the connection's metadata, so app-level
       * event deliveries reach only the workspaces connected to that account.
       */
      accountOf?(answer: Record<string, unknown>): ConnectedAccount | undefined;
      /**
       * A second token request made right after the code exchange, with the
       * token it gave (Facebook trades its short-lived user token for a
       * long-lived one this way). An extension grant (RFC 6749 §4.5).
       */
      upgradeGrant?(accessToken: string): { grant_type: string } & Record<string, string>;
    } & AuthBase)
  | ({
      kind: "custom";
      props: z.ZodObject;
      /** Checks beyond the props' schema (e.g. cross-field rules), before the connection is saved. */
      validate?(props: Record<string, unknown>): Promise<void>;
      /** Adds the credentials to a request; absent for connectors that don't speak HTTP (e.g. SMTP). */
      apply?(props: Record<string, unknown>, headers: Headers, url: URL): void;
    } & AuthBase);

export interface ConnectedAccount {
  id: string;
  name?: string;
}

export type OAuth2Auth = Extract<AuthDefinition, { kind: "oauth2" }>;

/** Checks stored credentials against the auth kind, with a message naming what is wrong. */
export function parseCredentials(auth: AuthDefinition, credentials: unknown): Record<string, unknown> {
  const schema = auth.kind === "custom" ? auth.props : credentialSchemas[auth.kind];
  const parsed = schema.safeParse(credentials);
  if (!parsed.success)
    throw new Error(`credentials for ${auth.kind} auth are invalid: ${describeIssues(parsed.error)}`);
  return parsed.data as Record<string, unknown>;
}

/** Adds a connection's credentials to an outgoing request. */
export function applyAuth(
  auth: AuthDefinition,
  credentials: Record<string, unknown>,
  headers: Headers,
  url: URL,
): void {
  switch (auth.kind) {
    case "none":
      return;
    case "apiKey": {
      const value = `${auth.prefix ?? ""}${String(credentials.apiKey)}`;
      if (auth.in === "header") headers.set(auth.name, value);
      else url.searchParams.set(auth.name, value);
      return;
    }
    case "basic":
      headers.set(
        "authorization",
        `Basic ${Buffer.from(`${String(credentials.username)}:${String(credentials.password)}`).toString("base64")}`,
      );
      return;
    case "bearer":
      headers.set("authorization", `Bearer ${String(credentials.token)}`);
      return;
    case "oauth2":
      headers.set("authorization", `Bearer ${String(credentials.accessToken)}`);
      return;
    case "custom":
      auth.apply?.(credentials, headers, url);
      return;
  }
}
