import {
  NonRetryableError,
  requestTokens,
  TokenEndpointError,
  type HttpClient,
  type OAuth2Auth,
  type OAuthClient,
  type OAuthTokens,
} from "@switchyard/connectors";
import { loadConnectionSecrets, updateConnectionSecrets, type Db, type KeyRing } from "@switchyard/db";

/** Refresh this long before expiry, so a token never dies mid-request. */
export const REFRESH_MARGIN_MS = 60_000;

export const needsRefresh = (t: OAuthTokens, now = Date.now()) =>
  t.expiresAt !== undefined && t.expiresAt - now < REFRESH_MARGIN_MS;

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
export async function refreshTokens(
  { db, keyRing, http }: RefreshDeps,
  target: RefreshTarget,
  seen: OAuthTokens,
  force: boolean,
): Promise<OAuthTokens> {
  const outcome = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended(${`connection:${target.connectionId}`}, 0))`;
      const { secrets: current } = await loadConnectionSecrets<OAuthTokens>(
        tx,
        keyRing,
        target.workspaceId,
        target.connectionId,
      );
      // Someone refreshed while we waited for the lock.
      if (current.accessToken !== seen.accessToken || (!force && !needsRefresh(current))) return current;

      if (!current.refreshToken) return { refused: "the provider gave no refresh token" };
      if (!target.client)
        throw new NonRetryableError(
          `no OAuth client configured for ${target.connector} (SWITCHYARD_OAUTH_CLIENTS); cannot refresh "${target.connectionName}"`,
        );
      let answer: Awaited<ReturnType<typeof requestTokens>>;
      try {
        answer = await requestTokens(http, target.auth, target.client, {
          grant_type: "refresh_token",
          refresh_token: current.refreshToken,
        });
      } catch (err) {
        // A refusal (invalid_grant, revoked) will not heal by retrying; an outage may.
        if (err instanceof TokenEndpointError && err.refused)
          return { refused: `the provider refused the refresh (${err.message})` };
        throw err;
      }
      // The account belongs in the connection's metadata (set when it was connected), not in its secrets.
      const { account: _account, ...tokens } = answer;
      // Providers that don't rotate refresh tokens leave the old one valid.
      const next: OAuthTokens = {
        refreshToken: current.refreshToken,
        ...(current.scope ? { scope: current.scope } : {}),
        ...tokens,
      };
      await updateConnectionSecrets(tx, keyRing, target.workspaceId, target.connectionId, { ...next });
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
