// OAuth2 connections: authorization code with PKCE (S256). `start` signs a `state` bound to the
// caller's workspace and API token and keeps the PKCE verifier server-side (OAuthAttempt, keyed by
// the state's nonce); `callback` checks the state, consumes the attempt once, exchanges the code
// and stores the tokens as an encrypted connection.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { builtinRegistry, requestTokens, TokenEndpointError, type OAuth2Auth, type OAuthClient } from "@switchyard/connectors";
import { ConnectionNameTakenError, createConnection, Prisma, type ConnectionInfo } from "@switchyard/db";
import { z } from "zod";
import type { ApiCaller } from "../auth/api-token";
import { hasRole } from "../auth/roles";
import type { OAuthConfig, Services } from "../context";
import { ApiError } from "../http/errors";
import { asSentence } from "../http/text";
import { connectionName } from "./connections";

/** How long a started authorization stays valid. */
export const STATE_TTL_MS = 10 * 60_000;
/** Used only outside production when SWITCHYARD_SECRET is unset; it is public, so states signed with it prove nothing. */
const DEV_SECRET = "switchyard-development-only-state-secret-do-not-use-in-production";


export const CALLBACK_PATH = "/api/v1/oauth/callback";
export const redirectUriOf = (config: OAuthConfig): string => `${config.publicUrl}${CALLBACK_PATH}`;

// ---- state -------------------------------------------------------------------------------------

export const statePayloadSchema = z.object({
  workspaceId: z.string(),
  tokenId: z.string(),
  connector: z.string(),
  name: z.string(),
  nonce: z.string(),
  /** Epoch ms. */
  exp: z.number(),
});
export type StatePayload = z.infer<typeof statePayloadSchema>;

export function stateSecret(config: Pick<OAuthConfig, "secret" | "production">): string {
  if (config.secret) return config.secret;
  if (config.production) throw new ApiError(500, "misconfigured", "SWITCHYARD_SECRET is not set; it is required in production to sign OAuth2 state (at least 32 characters).");
  return DEV_SECRET;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");
const mac = (secret: string, data: string) => createHmac("sha256", secret).update(`switchyard-oauth-state:${data}`).digest();

/** `base64url(JSON payload).base64url(HMAC-SHA256)`. */
export function signState(secret: string, payload: StatePayload): string {
  const body = b64url(JSON.stringify(payload));
  return `${body}.${b64url(mac(secret, body))}`;
}

export class StateError extends Error {}

/** The payload of a state this server signed and that has not expired; throws StateError otherwise. */
export function verifyState(secret: string, state: string, now = Date.now()): StatePayload {
  const [body, sig, ...rest] = state.split(".");
  if (!body || !sig || rest.length) throw new StateError("state mismatch: malformed state");
  const expected = mac(secret, body);
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new StateError("state mismatch: the signature does not match");
  let payload: StatePayload;
  try {
    payload = statePayloadSchema.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    throw new StateError("state mismatch: malformed payload");
  }
  if (payload.exp <= now) throw new StateError("state expired: the authorization took longer than 10 minutes; start again");
  return payload;
}

// ---- start -------------------------------------------------------------------------------------

export const startBody = z.object({ name: connectionName });

function oauthConnector(slug: string): { auth: OAuth2Auth; title: string } {
  const c = builtinRegistry.connectors.find((x) => x.slug === slug);
  if (!c) throw new ApiError(404, "not_found", `No connector "${slug}".`);
  if (c.auth?.kind !== "oauth2") throw new ApiError(400, "not_oauth2", `Connector "${slug}" does not use OAuth2 (its auth is ${c.auth?.kind ?? "none"}).`);
  return { auth: c.auth, title: c.name };
}

function clientFor(config: OAuthConfig, slug: string): OAuthClient {
  const client = config.clients[slug];
  if (!client) throw new ApiError(400, "oauth_client_missing", `No OAuth2 client is configured for "${slug}": add {"${slug}":{"clientId":"…","clientSecret":"…"}} to SWITCHYARD_OAUTH_CLIENTS.`);
  return client;
}

export async function startOAuth(s: Services, caller: ApiCaller, slug: string, { name }: z.infer<typeof startBody>): Promise<{ authorizationUrl: string }> {
  const { auth } = oauthConnector(slug);
  const client = clientFor(s.oauth, slug);
  const secret = stateSecret(s.oauth);
  try {
    s.keyRing(); // fail here, not after the user has authorized, when tokens could not be stored
  } catch (err) {
    throw new ApiError(500, "misconfigured", (err as Error).message);
  }
  if (await s.db.connection.findFirst({ where: { workspaceId: caller.workspaceId, name }, select: { id: true } })) {
    throw new ApiError(409, "name_taken", new ConnectionNameTakenError(name).message);
  }
  // PKCE is always sent: providers ignore parameters they do not know (RFC 6749 §3.1).
  const verifier = b64url(randomBytes(48));
  const nonce = b64url(randomBytes(18));
  await s.db.oAuthAttempt.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - STATE_TTL_MS) } } });
  await s.db.oAuthAttempt.create({ data: { nonce, workspaceId: caller.workspaceId, verifier } });
  const state = signState(secret, { workspaceId: caller.workspaceId, tokenId: caller.tokenId, connector: slug, name, nonce, exp: Date.now() + STATE_TTL_MS });

  const url = new URL(client.authorizationUrl ?? auth.authorizationUrl);
  for (const [k, v] of Object.entries(auth.extraParams ?? {})) url.searchParams.set(k, v);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", client.clientId);
  url.searchParams.set("redirect_uri", redirectUriOf(s.oauth));
  if (auth.scopes.length) url.searchParams.set("scope", auth.scopes.join(auth.scopeSeparator ?? " "));
  url.searchParams.set("state", state);
  url.searchParams.set("code_challenge", b64url(createHash("sha256").update(verifier).digest()));
  url.searchParams.set("code_challenge_method", "S256");
  return { authorizationUrl: url.href };
}

// ---- callback ----------------------------------------------------------------------------------

/** What the browser sees: a status and a short message for a small HTML page. */
export interface CallbackOutcome {
  status: number;
  title: string;
  message: string;
  connection?: ConnectionInfo;
}

const fail = (status: number, title: string, message: string): CallbackOutcome => ({ status, title, message });


export async function completeOAuth(s: Services, query: URLSearchParams): Promise<CallbackOutcome> {
  const state = query.get("state");
  if (!state) return fail(400, "State mismatch", "The callback has no state parameter; start the connection again from Switchyard.");
  let payload: StatePayload;
  try {
    payload = verifyState(stateSecret(s.oauth), state);
  } catch (err) {
    if (err instanceof StateError) return fail(400, "State mismatch", `${err.message}. Nothing was saved.`);
    throw err;
  }
  // One-time: DELETE … RETURNING, so of two concurrent callbacks only one gets the verifier.
  let attempt;
  try {
    attempt = await s.db.oAuthAttempt.delete({ where: { nonce: payload.nonce } });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2025") {
      return fail(400, "State mismatch", "state mismatch: this authorization was already used or has expired. Nothing was saved.");
    }
    throw err;
  }
  if (attempt.workspaceId !== payload.workspaceId) return fail(400, "State mismatch", "state mismatch: the authorization belongs to another workspace. Nothing was saved.");

  const providerError = query.get("error");
  if (providerError) {
    if (providerError === "access_denied") return fail(400, "Not connected", `You declined access, so "${payload.name}" was not connected.`);
    return fail(400, "Not connected", `The provider refused the authorization: ${query.get("error_description") ?? providerError}`);
  }
  const code = query.get("code");
  if (!code) return fail(400, "Not connected", "The provider sent no authorization code.");

  // The token that started the flow must still be valid and allowed to create connections.
  const token = await s.db.apiToken.findUnique({ where: { id: payload.tokenId }, select: { workspaceId: true, role: true, revokedAt: true } });
  if (!token || token.revokedAt || token.workspaceId !== payload.workspaceId || !hasRole(token.role, "editor")) {
    return fail(400, "State mismatch", "state mismatch: the API token that started this authorization is revoked or no longer allowed to add connections.");
  }

  let auth: OAuth2Auth;
  let client: OAuthClient;
  try {
    auth = oauthConnector(payload.connector).auth;
    client = clientFor(s.oauth, payload.connector);
  } catch (err) {
    if (err instanceof ApiError) return fail(err.status, "Not connected", err.message);
    throw err;
  }

  let t: Awaited<ReturnType<typeof requestTokens>>;
  try {
    t = await requestTokens(s.http, auth, client, {
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUriOf(s.oauth),
      code_verifier: attempt.verifier,
    });
    if (auth.upgradeGrant) {
      // The upgraded token comes with its own lifetime; only what it does not restate carries over.
      const up = await requestTokens(s.http, auth, client, auth.upgradeGrant(t.accessToken));
      const scope = up.scope ?? t.scope;
      const account = up.account ?? t.account;
      t = { ...up, ...(scope ? { scope } : {}), ...(account ? { account } : {}) };
    }
  } catch (err) {
    if (!(err instanceof TokenEndpointError)) throw err;
    return fail(502, "Not connected", err.refused ? `The token endpoint refused the code: ${err.message}` : asSentence(err.message));
  }
  const scope = t.scope ?? auth.scopes.join(" ");
  const { scope: _granted, account, ...tokens } = t;

  try {
    const connection = await createConnection(s.db, s.keyRing(), {
      workspaceId: payload.workspaceId,
      name: payload.name,
      connector: payload.connector,
      authKind: "oauth2",
      secrets: {
        ...tokens,
        ...(scope ? { scope } : {}),
      },
      metadata: { scopes: scope.split(/[\s,]+/).filter(Boolean), ...(account ? { account: { ...account } } : {}) },
    });
    return { status: 200, title: `Connected ${payload.name}`, message: `"${payload.name}" is connected. You can close this window.`, connection };
  } catch (err) {
    if (err instanceof ConnectionNameTakenError) return fail(409, "Not connected", err.message);
    throw err;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function outcomePage({ status, title, message }: CallbackOutcome): Response {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "referrer-policy": "no-referrer" } });
}
