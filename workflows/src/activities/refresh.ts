import { HttpError, NonRetryableError, type AuthDefinition, type HttpClient, type OAuthClient } from "@switchyard/connectors";
import { connectionAad, decryptSecret, encryptSecret, type Db, type KeyRing } from "@switchyard/db";

type OAuth2Auth = Extract<AuthDefinition, { kind: "oauth2" }>;

export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: number;
  scope?: string;
}

/** Refresh this long before expiry, so a token never dies mid-request. */
export const REFRESH_MARGIN_MS = 60_000;

export const needsRefresh = (t: OAuthTokens, now = Date.now()) => t.expiresAt !== undefined && t.expiresAt - now < REFRESH_MARGIN_MS;

export interface RefreshDeps {
  db: Db;
  keyRing: KeyRing;
  http: HttpClient;
}

export interface RefreshTarget {
  workspaceId: string;
  connectionId: string;
  connectionName: string;
  connector: string;
  auth: OAuth2Auth;
  client: OAuthClient | undefined;
}

/**
 * Refreshes an OAuth2 connection's tokens under a per-connection advisory lock,
 * so parallel steps don't race: whoever waits re-reads and finds fresh tokens.
 * `force` refreshes even when the token is not about to expire (after a 401).
 * A refused refresh marks the connection needs_reauth and raises an alert.
 */
export async function refreshTokens({ db, keyRing, http }: RefreshDeps, target: RefreshTarget, seen: OAuthTokens, force: boolean): Promise<OAuthTokens> {
  const outcome = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended(${`connection:${target.connectionId}`}, 0))`;
      const row = await tx.connection.findUniqueOrThrow({ where: { id: target.connectionId }, select: { secrets: true } });
      const current = decryptSecret<OAuthTokens>(keyRing, row.secrets, connectionAad(target.connectionId));
      // Someone refreshed while we waited for the lock.
      if (current.accessToken !== seen.accessToken || (!force && !needsRefresh(current))) return current;

      if (!current.refreshToken) return { refused: "the provider gave no refresh token" };
      if (!target.client) throw new NonRetryableError(`no OAuth client configured for ${target.connector} (SWITCHYARD_OAUTH_CLIENTS); cannot refresh "${target.connectionName}"`);
      const body = new URLSearchParams({ grant_type: "refresh_token", refresh_token: current.refreshToken, client_id: target.client.clientId, client_secret: target.client.clientSecret });
      let answer: { access_token?: string; refresh_token?: string; expires_in?: number; scope?: string };
      try {
        answer = (await http.request({ method: "POST", url: target.client.tokenUrl ?? target.auth.tokenUrl, body: body.toString(), headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, retries: 0 })).body as typeof answer;
      } catch (err) {
        // 400/401 from a token endpoint (invalid_grant, revoked) will not heal by retrying.
        if (err instanceof HttpError && (err.status === 400 || err.status === 401)) return { refused: `the provider refused the refresh (HTTP ${err.status}: ${err.body.slice(0, 200)})` };
        throw err;
      }
      if (!answer?.access_token) throw new NonRetryableError(`the token endpoint for ${target.connector} answered without an access_token`);
      const next: OAuthTokens = {
        accessToken: answer.access_token,
        refreshToken: answer.refresh_token ?? current.refreshToken,
        ...(answer.expires_in ? { expiresAt: Date.now() + answer.expires_in * 1000 } : {}),
        ...(answer.scope ?? current.scope ? { scope: answer.scope ?? current.scope } : {}),
      };
      const blob = encryptSecret(keyRing, next, connectionAad(target.connectionId));
      await tx.connection.update({ where: { id: target.connectionId }, data: { secrets: { ...blob }, keyId: blob.kid } });
      return next;
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
  // Recorded after the transaction: the failure must persist, not roll back with it.
  if ("refused" in outcome) return markNeedsReauth(db, target, outcome.refused);
  return outcome;
}

async function markNeedsReauth(db: Db, target: RefreshTarget, why: string): Promise<never> {
  await db.connection.update({ where: { id: target.connectionId }, data: { status: "needs_reauth" } });
  await db.alert.create({
    data: {
      workspaceId: target.workspaceId,
      kind: "connection_needs_reauth",
      title: `${target.connector} connection "${target.connectionName}" needs to be reconnected`,
      message: `Refreshing its access token failed: ${why}. Steps using it fail until it is reconnected.`,
      details: { connectionId: target.connectionId, connector: target.connector },
    },
  });
  throw new NonRetryableError(`connection "${target.connectionName}" needs to be reconnected: ${why}`);
}
