// OAuth2 connections: authorization code with PKCE (S256), finished only in the browser a person
// confirmed it in. `start` is an API call, the CLI's (a bearer token, which says nothing about the
// browser that will follow the link) or the web app's (a signed-in person): it records an attempt and
// answers a Switchyard URL, not the provider's. Opened in a browser, `begin` names the workspace, the
// connector, the connection and who asked; only its POST (same origin, CSRF token, once per attempt)
// sets a cookie holding a one-time binding secret and sends that browser to the provider. `callback`
// checks the signed state and that cookie, consumes the attempt once, exchanges the code and stores
// the tokens as an encrypted connection. Anyone else who opens the link, or the provider URL behind
// it, connects nothing, even at a provider that skips its consent screen. A person who started in the
// web app is then sent back to the connections page with the outcome; the CLI's browser gets a page.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import {
  builtinRegistry,
  requestTokens,
  TokenEndpointError,
  type OAuth2Auth,
  type OAuthClient,
} from "@switchyard/connectors";
import {
  ConnectionNameTakenError,
  createConnection,
  hashToken,
  Prisma,
  updateConnectionSecrets,
  type OAuthAttempt,
} from "@switchyard/db";
import { z } from "zod";
import type { ApiCaller } from "../auth/api-token";
import type { OAuthConfig, Services } from "../context";
import { parseBody, readLimitedBody } from "../http/body";
import { ApiError } from "../http/errors";
import { asSentence } from "../http/text";
import { recordAudit } from "./audit";
import { connectionEvent, connectionName } from "./connections";
import { OUTCOME_PARAM, signOutcome, type OAuthOutcome } from "./oauth-outcome";
import { starterInclude, starterOf } from "./oauth-starter";

/** How long a started authorization stays valid, confirmation and provider included. */
export const STATE_TTL_MS = 10 * 60_000;
/** Used only outside production when SWITCHYARD_SECRET is unset; it is public, so states signed with it prove nothing. */
const DEV_SECRET = "switchyard-development-only-state-secret-do-not-use-in-production";

export const BEGIN_PATH = "/api/v1/oauth/begin";
export const CALLBACK_PATH = "/api/v1/oauth/callback";
export const redirectUriOf = (config: OAuthConfig): string => `${config.publicUrl}${CALLBACK_PATH}`;

// ---- what the browser sees ---------------------------------------------------------------------

/** A small HTML page. */
export interface Page {
  status: number;
  title: string;
  lines: string[];
  /** Hidden fields of a form POSTed back to BEGIN_PATH, and its button's label. */
  form?: { fields: Record<string, string>; button: string };
  /** Set-Cookie header values. */
  cookies?: string[];
}
export type BrowserAnswer = Page | { redirect: string; cookies: string[] };

/** A refusal, shown to the browser as its page. */
export class Refused extends Error {
  constructor(readonly page: Page) {
    super(page.lines.join(" "));
  }
}
const refused = (status: number, title: string, message: string, cookies?: string[]) =>
  new Refused({ status, title, lines: [message], ...(cookies ? { cookies } : {}) });

// ---- cookies -----------------------------------------------------------------------------------

const https = (config: OAuthConfig) => config.publicUrl.startsWith("https:");
// A `__Host-` cookie cannot be set by a sibling subdomain, so nobody can plant a binding in a victim's browser.
const cookieName = (config: OAuthConfig, base: string) => `${https(config) ? "__Host-" : ""}${base}`;
// One per attempt, so connecting two accounts in two tabs at once works.
const bindingCookie = (config: OAuthConfig, nonce: string) => cookieName(config, `switchyard_oauth_${nonce}`);
const csrfCookie = (config: OAuthConfig) => cookieName(config, "switchyard_oauth_csrf");

/** Lax: sent on the top-level navigation back from the provider, never with another site's POST. */
const setCookie = (config: OAuthConfig, name: string, value: string, maxAgeSeconds: number) =>
  `${name}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${https(config) ? "; Secure" : ""}`;

function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

// ---- state -------------------------------------------------------------------------------------

export const statePayloadSchema = z.object({
  workspaceId: z.string(),
  /** Exactly one of the two: the API token or the signed-in person that started the attempt. */
  tokenId: z.string().nullable(),
  userId: z.string().nullish(),
  connector: z.string(),
  name: z.string(),
  nonce: z.string(),
  /** Epoch ms. */
  exp: z.number(),
});
export type StatePayload = z.infer<typeof statePayloadSchema>;

export function stateSecret(s: Pick<Services, "oauth" | "production">): string {
  if (s.oauth.secret) return s.oauth.secret;
  if (s.production)
    throw new ApiError(
      500,
      "misconfigured",
      "SWITCHYARD_SECRET is not set; it is required in production to sign OAuth2 state (at least 32 characters).",
    );
  return DEV_SECRET;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");
const mac = (secret: string, purpose: "state" | "confirm", data: string) =>
  createHmac("sha256", secret).update(`switchyard-oauth-${purpose}:${data}`).digest();
const macMatches = (given: string, expected: Buffer) => {
  const g = Buffer.from(given, "base64url");
  return g.length === expected.length && timingSafeEqual(g, expected);
};

/** `base64url(JSON payload).base64url(HMAC-SHA256)`. */
export function signState(secret: string, payload: StatePayload): string {
  const body = b64url(JSON.stringify(payload));
  return `${body}.${b64url(mac(secret, "state", body))}`;
}

export class StateError extends Error {}

/** The payload of a state this server signed and that has not expired; throws StateError otherwise. */
export function verifyState(secret: string, state: string, now = Date.now()): StatePayload {
  const [body, sig, ...rest] = state.split(".");
  if (!body || !sig || rest.length) throw new StateError("state mismatch: malformed state");
  if (!macMatches(sig, mac(secret, "state", body)))
    throw new StateError("state mismatch: the signature does not match");
  let payload: StatePayload;
  try {
    payload = statePayloadSchema.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    throw new StateError("state mismatch: malformed payload");
  }
  if (payload.exp <= now)
    throw new StateError("state expired: the authorization took longer than 10 minutes; start again");
  return payload;
}

// ---- start -------------------------------------------------------------------------------------

export const startBody = z.object({
  name: connectionName,
  /** Replace the tokens of the existing connection of that name and connector (after "needs re-auth"). */
  reconnect: z.boolean().optional(),
});

function oauthConnector(slug: string): { auth: OAuth2Auth; title: string } {
  const c = builtinRegistry.connectors.find((x) => x.slug === slug);
  if (!c) throw new ApiError(404, "not_found", `No connector "${slug}".`);
  if (c.auth?.kind !== "oauth2")
    throw new ApiError(
      400,
      "not_oauth2",
      `Connector "${slug}" does not use OAuth2 (its auth is ${c.auth?.kind ?? "none"}).`,
    );
  return { auth: c.auth, title: c.name };
}

function clientFor(config: OAuthConfig, slug: string): OAuthClient {
  const client = config.clients[slug];
  if (!client)
    throw new ApiError(
      400,
      "oauth_client_missing",
      `No OAuth2 client is configured for "${slug}": add {"${slug}":{"clientId":"…","clientSecret":"…"}} to SWITCHYARD_OAUTH_CLIENTS.`,
    );
  return client;
}

/** A new name must be free; a reconnect needs the connection it replaces, of the same connector. */
async function checkName(
  s: Services,
  workspaceId: string,
  slug: string,
  { name, reconnect }: z.infer<typeof startBody>,
) {
  const existing = await s.db.connection.findFirst({ where: { workspaceId, name }, select: { connector: true } });
  if (!reconnect) {
    if (existing) throw new ApiError(409, "name_taken", new ConnectionNameTakenError(name).message);
    return;
  }
  if (existing?.connector !== slug)
    throw new ApiError(404, "not_found", `No ${slug} connection named "${name}" to reconnect in this workspace.`);
}

/** Records the attempt; the URL answered is Switchyard's confirmation page, for a person to open in their browser. */
export async function startOAuth(
  s: Services,
  caller: ApiCaller,
  slug: string,
  input: z.infer<typeof startBody>,
): Promise<{ authorizationUrl: string }> {
  oauthConnector(slug);
  clientFor(s.oauth, slug);
  // Fail here, not after the user has authorized, when the state could not be signed or tokens not stored.
  stateSecret(s);
  try {
    s.keyRing();
  } catch (err) {
    throw new ApiError(500, "misconfigured", (err as Error).message);
  }
  await checkName(s, caller.workspaceId, slug, input);
  const userId = caller.tokenId ? null : (caller.member?.id ?? null);
  if (!caller.tokenId && !userId) throw new ApiError(403, "no_member", "Only a member can connect an account.");
  const nonce = b64url(randomBytes(18));
  await s.db.oAuthAttempt.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - STATE_TTL_MS) } } });
  await s.db.oAuthAttempt.create({
    data: {
      nonce,
      workspaceId: caller.workspaceId,
      tokenId: caller.tokenId,
      userId,
      connector: slug,
      name: input.name,
      reconnect: input.reconnect ?? false,
      verifier: b64url(randomBytes(48)),
    },
  });
  return { authorizationUrl: `${s.oauth.publicUrl}${BEGIN_PATH}?attempt=${nonce}` };
}

// ---- begin: the confirmation page and its POST -------------------------------------------------

const attemptInclude = { workspace: { select: { slug: true, name: true } }, ...starterInclude } as const;

const expiresAt = (attempt: { createdAt: Date }) => attempt.createdAt.getTime() + STATE_TTL_MS;

const alreadyConfirmed = () =>
  refused(
    409,
    "Already confirmed",
    "This connection was already confirmed in a browser; a link can be confirmed only once. Start again from Switchyard for a new link.",
  );

async function pendingAttempt(s: Services, nonce: string) {
  // Nonces are base64url; anything else (a NUL, say, which Postgres refuses) is simply unknown.
  const attempt = /^[\w-]{1,64}$/.test(nonce)
    ? await s.db.oAuthAttempt.findUnique({ where: { nonce }, include: attemptInclude })
    : null;
  if (!attempt || expiresAt(attempt) <= Date.now()) {
    throw refused(
      400,
      "Link expired",
      "This connection link is unknown, used or expired (links last 10 minutes). Start again from Switchyard.",
    );
  }
  if (attempt.bindingHash) throw alreadyConfirmed();
  const starter = await starterOf(s.db, attempt);
  if (!starter.allowed) throw refused(400, "Not connected", starter.refusal);
  return { ...attempt, starter };
}

/** The CSRF cookie is per browser (so tabs share it); each form's token ties it to one attempt. */
const csrfOf = (s: Services, request: Request) => {
  const value = readCookie(request, csrfCookie(s.oauth));
  return value && /^[\w-]{43}$/.test(value) ? value : undefined;
};
const formMac = (s: Services, csrf: string, nonce: string) => mac(stateSecret(s), "confirm", `${csrf}.${nonce}`);

/** GET: names what would be connected where, and for whom. Changes nothing, so link previews are harmless. */
export async function beginPage(s: Services, request: Request): Promise<Page> {
  const nonce = new URL(request.url).searchParams.get("attempt");
  if (!nonce)
    throw refused(
      400,
      "Link incomplete",
      "The link has no attempt parameter; open the whole link Switchyard gave you.",
    );
  const attempt = await pendingAttempt(s, nonce);
  const { title } = oauthConnector(attempt.connector);
  const { workspace, starter } = attempt;
  const csrf = csrfOf(s, request) ?? b64url(randomBytes(32));
  return {
    status: 200,
    title: `Connect ${title} to ${workspace.name}?`,
    lines: [
      `Workspace: ${workspace.name} (${workspace.slug})`,
      `Account: your ${title} account, saved as the connection "${attempt.name}"`,
      `Asked by: ${starter.label}, at ${attempt.createdAt.toISOString()}`,
      `Every workflow in this workspace will be able to act as that ${title} account. Continue only if you asked for this yourself; otherwise close this page and nothing happens.`,
      `This link can be confirmed once, and the connection finished only in the browser that confirms it, until ${new Date(expiresAt(attempt)).toISOString()}.`,
    ],
    form: { fields: { attempt: nonce, token: b64url(formMac(s, csrf, nonce)) }, button: `Continue to ${title}` },
    cookies: [setCookie(s.oauth, csrfCookie(s.oauth), csrf, STATE_TTL_MS / 1000)],
  };
}

const confirmForm = z.object({ attempt: z.string().min(1).max(200), token: z.string().min(1).max(200) });

/** POST: binds the attempt to this browser (once) and sends it to the provider. */
export async function confirmAttempt(s: Services, request: Request): Promise<BrowserAnswer> {
  // Another site's form would otherwise send a signed-in victim to the provider, bound to the attacker's attempt.
  const origin = new URL(s.oauth.publicUrl).origin;
  const sentOrigin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  if ((sentOrigin !== null && sentOrigin !== origin) || (site !== null && site !== "same-origin")) {
    throw refused(
      403,
      "Not confirmed",
      `The confirmation must come from Switchyard's own page at ${origin}; nothing was connected.`,
    );
  }
  const form = confirmForm.safeParse(
    parseBody(await readLimitedBody(request, 4096), request.headers.get("content-type")),
  );
  if (!form.success) throw refused(400, "Not confirmed", "The confirmation form is incomplete; open the link again.");
  const { attempt: nonce, token } = form.data;
  const csrf = csrfOf(s, request);
  if (!csrf || !macMatches(token, formMac(s, csrf, nonce))) {
    throw refused(
      403,
      "Not confirmed",
      "The confirmation did not come from the page this browser was shown, or that page is too old; open the link again.",
    );
  }
  const attempt = await pendingAttempt(s, nonce);
  const redirect = providerUrl(s, attempt);
  const binding = b64url(randomBytes(32));
  // Only the first confirmation binds the attempt, so no second browser can take it over.
  const { count } = await s.db.oAuthAttempt.updateMany({
    where: { nonce, bindingHash: null },
    data: { bindingHash: hashToken(binding) },
  });
  if (!count) throw alreadyConfirmed();
  return {
    redirect,
    cookies: [
      setCookie(s.oauth, bindingCookie(s.oauth, nonce), binding, Math.ceil((expiresAt(attempt) - Date.now()) / 1000)),
    ],
  };
}

function providerUrl(s: Services, attempt: OAuthAttempt): string {
  const { auth } = oauthConnector(attempt.connector);
  const client = clientFor(s.oauth, attempt.connector);
  const { workspaceId, tokenId, userId, connector, name, nonce } = attempt;
  const exp = expiresAt(attempt);
  const state = signState(stateSecret(s), { workspaceId, tokenId, userId, connector, name, nonce, exp });
  const url = new URL(client.authorizationUrl ?? auth.authorizationUrl);
  for (const [k, v] of Object.entries(auth.extraParams ?? {})) url.searchParams.set(k, v);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", client.clientId);
  url.searchParams.set("redirect_uri", redirectUriOf(s.oauth));
  if (auth.scopes.length) url.searchParams.set("scope", auth.scopes.join(auth.scopeSeparator ?? " "));
  url.searchParams.set("state", state);
  // PKCE is always sent: providers ignore parameters they do not know (RFC 6749 §3.1).
  url.searchParams.set("code_challenge", b64url(createHash("sha256").update(attempt.verifier).digest()));
  url.searchParams.set("code_challenge_method", "S256");
  return url.href;
}

// ---- callback ----------------------------------------------------------------------------------

/** DELETE … RETURNING: of two concurrent callbacks only one gets the verifier, and a wrong binding deletes nothing. */
async function consumeAttempt(s: Services, nonce: string, bindingHash: string) {
  try {
    return await s.db.oAuthAttempt.delete({
      where: { nonce, bindingHash },
      include: { workspace: { select: { slug: true } }, ...starterInclude },
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2025") return null;
    throw err;
  }
}

type ConsumedAttempt = NonNullable<Awaited<ReturnType<typeof consumeAttempt>>>;
type Tokens = Awaited<ReturnType<typeof requestTokens>>;
/** Refuses the callback and clears the binding cookie: once the state checks out, that cookie can never finish it. */
type Fail = (status: number, title: string, message: string) => Refused;

const BOUND = ["workspaceId", "tokenId", "userId", "connector", "name"] as const;

/** No cookie is cleared here: until the state is verified there is no nonce to name the cookie by. */
function callbackState(s: Services, query: URLSearchParams): StatePayload {
  const state = query.get("state");
  if (!state)
    throw refused(
      400,
      "State mismatch",
      "The callback has no state parameter; start the connection again from Switchyard.",
    );
  try {
    return verifyState(stateSecret(s), state);
  } catch (err) {
    if (err instanceof StateError) throw refused(400, "State mismatch", `${err.message}. Nothing was saved.`);
    throw err;
  }
}

/** Only the browser holding the binding cookie set at confirmation can take the attempt, and only once. */
async function claimAttempt(
  s: Services,
  payload: StatePayload,
  binding: string | undefined,
  fail: Fail,
): Promise<ConsumedAttempt> {
  const attempt = binding ? await consumeAttempt(s, payload.nonce, hashToken(binding)) : null;
  if (!attempt) {
    // The attempt stays for the browser that confirmed it: a stranger's callback cannot burn it.
    if (await s.db.oAuthAttempt.count({ where: { nonce: payload.nonce } })) {
      throw fail(
        400,
        "Not connected",
        "This authorization must be finished in the browser that confirmed it on Switchyard's page, and this is not that browser. Nothing was saved.",
      );
    }
    throw fail(
      400,
      "State mismatch",
      "state mismatch: this authorization was already used or has expired. Nothing was saved.",
    );
  }
  if (BOUND.some((k) => attempt[k] !== (payload[k] ?? null)))
    throw fail(
      400,
      "State mismatch",
      "state mismatch: the state does not belong to this authorization. Nothing was saved.",
    );
  return attempt;
}

/** The provider's verdict. */
function authorizationCode(query: URLSearchParams, attempt: ConsumedAttempt, fail: Fail): string {
  const providerError = query.get("error");
  if (providerError) {
    if (providerError === "access_denied")
      throw fail(400, "Not connected", `You declined access, so "${attempt.name}" was not connected.`);
    throw fail(
      400,
      "Not connected",
      `The provider refused the authorization: ${query.get("error_description") ?? providerError}`,
    );
  }
  const code = query.get("code");
  if (!code) throw fail(400, "Not connected", "The provider sent no authorization code.");
  return code;
}

async function exchangeCode(
  s: Services,
  auth: OAuth2Auth,
  attempt: ConsumedAttempt,
  code: string,
  fail: Fail,
): Promise<Tokens> {
  const client = clientFor(s.oauth, attempt.connector);
  try {
    const t = await requestTokens(s.http, auth, client, {
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUriOf(s.oauth),
      code_verifier: attempt.verifier,
    });
    if (!auth.upgradeGrant) return t;
    // The upgraded token comes with its own lifetime; only what it does not restate carries over.
    const up = await requestTokens(s.http, auth, client, auth.upgradeGrant(t.accessToken));
    const scope = up.scope ?? t.scope;
    const account = up.account ?? t.account;
    return { ...up, ...(scope ? { scope } : {}), ...(account ? { account } : {}) };
  } catch (err) {
    if (!(err instanceof TokenEndpointError)) throw err;
    throw fail(
      502,
      "Not connected",
      err.refused ? `The token endpoint refused the code: ${err.message}` : asSentence(err.message),
    );
  }
}

/**
 * A provider that does not say what it granted is taken to have granted what was asked. Only an
 * attempt started as a reconnect replaces the tokens of the connection of that name and connector;
 * a plain connect whose name was taken meanwhile is refused, never merged into someone else's.
 */
async function saveConnection(
  s: Services,
  auth: OAuth2Auth,
  attempt: ConsumedAttempt,
  t: Tokens,
  fail: Fail,
): Promise<{ id: string; reconnected: boolean }> {
  const scope = t.scope ?? auth.scopes.join(" ");
  const { scope: _granted, account, ...tokens } = t;
  const secrets = { ...tokens, ...(scope ? { scope } : {}) };
  const metadata = { scopes: scope.split(/[\s,]+/).filter(Boolean), ...(account ? { account: { ...account } } : {}) };
  const { workspaceId, name, connector } = attempt;
  try {
    const created = await createConnection(s.db, s.keyRing(), {
      workspaceId,
      name,
      connector,
      authKind: "oauth2",
      secrets,
      metadata,
    });
    return { id: created.id, reconnected: false };
  } catch (err) {
    if (!(err instanceof ConnectionNameTakenError)) throw err;
    if (!attempt.reconnect) throw fail(409, "Not connected", err.message);
    const existing = await s.db.connection.findFirst({
      where: { workspaceId, name },
      select: { id: true, connector: true },
    });
    if (existing?.connector !== connector) throw fail(409, "Not connected", err.message);
    await updateConnectionSecrets(s.db, s.keyRing(), workspaceId, existing.id, secrets);
    await s.db.connection.update({ where: { id: existing.id }, data: { status: "active", metadata } });
    return { id: existing.id, reconnected: true };
  }
}

/** The code exchanged and the connection saved, by someone still allowed to add it. */
async function finish(s: Services, query: URLSearchParams, attempt: ConsumedAttempt, fail: Fail) {
  const code = authorizationCode(query, attempt, fail);
  // Checked again: the starter may have lost the right to add connections since the confirmation.
  const starter = await starterOf(s.db, attempt);
  if (!starter.allowed) throw fail(400, "Not connected", starter.refusal);
  const { auth } = oauthConnector(attempt.connector);
  const tokens = await exchangeCode(s, auth, attempt, code, fail);
  const saved = await saveConnection(s, auth, attempt, tokens, fail);
  const action = saved.reconnected ? "connection.reconnect" : "connection.create";
  await recordAudit(s.db, starter.caller, connectionEvent(action, { ...attempt, id: saved.id }));
  return saved;
}

/** Where a person who started in the web app lands: the workspace's connections page, with the outcome. */
const backToConnections = (s: Services, attempt: ConsumedAttempt, outcome: OAuthOutcome, cookies: string[]) => ({
  redirect: `${s.oauth.publicUrl}/w/${attempt.workspace.slug}/connections?${OUTCOME_PARAM}=${signOutcome(stateSecret(s), outcome)}`,
  cookies,
});

export async function completeOAuth(s: Services, request: Request): Promise<BrowserAnswer> {
  const query = new URL(request.url).searchParams;
  const payload = callbackState(s, query);
  const cookie = bindingCookie(s.oauth, payload.nonce);
  const clear = [setCookie(s.oauth, cookie, "", 0)];
  const fail: Fail = (status, title, message) => refused(status, title, message, clear);

  // Until the attempt is claimed this may be anyone's browser, so refusals stay plain pages.
  const attempt = await claimAttempt(s, payload, readCookie(request, cookie), fail);
  const { name, userId } = attempt;
  try {
    const { reconnected } = await finish(s, query, attempt, fail);
    if (userId) return backToConnections(s, attempt, { ok: true, name, reconnected }, clear);
    return {
      status: 200,
      title: `${reconnected ? "Reconnected" : "Connected"} ${name}`,
      lines: [`"${name}" is ${reconnected ? "reconnected" : "connected"}. You can close this window.`],
      cookies: clear,
    };
  } catch (err) {
    if (userId && err instanceof Refused)
      return backToConnections(s, attempt, { ok: false, name, message: err.page.lines.join(" ") }, clear);
    throw err;
  }
}
