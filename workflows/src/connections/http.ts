import {
  bindHttpClient,
  HttpError,
  NonRetryableError,
  parseCredentials,
  type AuthDefinition,
  type ConnectionHandle,
  type HttpClient,
  type HttpClientPool,
  type HttpRequest,
  type OAuthClient,
  type OAuthTokens,
  type Registry,
} from "@switchyard/connectors";
import { loadConnectionSecrets, type Db, type KeyRing } from "@switchyard/db";
import { noteRunOwner } from "../observability/run-log-context";
import { needsRefresh, refreshTokens, type RefreshTarget } from "./refresh";

export interface ConnectionDeps {
  db: Db;
  registry: Registry;
  /** The shared client; each workspace's steps get it widened by that workspace's allowed hosts. */
  http: HttpClientPool;
  /** Absent when the worker has no SWITCHYARD_ENCRYPTION_KEY: steps that need an account fail clearly. */
  keyRing?: KeyRing;
  /** Per-connector API base URLs from config (self-hosted APIs, local fakes in tests). */
  baseUrls: Readonly<Record<string, string>>;
  /** OAuth app registrations by connector slug, for token refresh. */
  oauthClients?: Readonly<Record<string, OAuthClient>>;
}

export interface StepHttp {
  http: HttpClient;
  connection?: ConnectionHandle;
}

/**
 * The HTTP client a step runs with. For connectors that authenticate, the
 * connection is looked up by name in the run's workspace and decrypted here,
 * inside the activity: secrets never travel through Temporal.
 */
export async function httpForStep(
  deps: ConnectionDeps,
  runId: string,
  uses: string,
  connectionName: string | undefined,
): Promise<StepHttp> {
  const connector = deps.registry.connectorOf(uses);
  const { workspaceId, allowedInternalHosts } = await runWorkspace(deps.db, runId);
  const http = deps.http.withAllowedHosts(allowedInternalHosts);
  if (!connector?.auth || connector.auth.kind === "none") return { http };
  if (!connectionName) throw new NonRetryableError(`"${uses}" needs a connection; name one in the step's "connection"`);
  return bindConnection(deps, http, workspaceId, connector.slug, connectionName);
}

/**
 * The run's workspace and its allowed internal hosts, read fresh for every step (a host taken
 * off the list is off for the next step). Hand-written SQL: every step attempt reads it.
 */
async function runWorkspace(db: Db, runId: string) {
  const [row] = await db.$queryRaw<{ workspaceId: string; workflowId: string; allowedInternalHosts: string[] }[]>`
    SELECT r."workspaceId", r."workflowId", w."allowedInternalHosts"
    FROM "Run" r JOIN "Workspace" w ON w.id = r."workspaceId"
    WHERE r.id = ${runId}`;
  if (!row) throw new NonRetryableError(`run ${runId} does not exist`);
  noteRunOwner(runId, row);
  return row;
}

/** The shared client widened by the workspace's allowed internal hosts. */
async function workspaceHttp(deps: Pick<ConnectionDeps, "db" | "http">, workspaceId: string): Promise<HttpClient> {
  const ws = await deps.db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { allowedInternalHosts: true },
  });
  return deps.http.withAllowedHosts(ws.allowedInternalHosts);
}

/**
 * A client for a connector in a workspace, under the workspace's SSRF
 * allowlist: bound to the named connection (with refresh for OAuth2) when the
 * connector authenticates, plain when it does not; used by triggers and "Test connection".
 */
export async function httpForConnection(
  deps: ConnectionDeps,
  workspaceId: string,
  connectorSlug: string,
  connectionName: string | undefined,
): Promise<StepHttp> {
  return bindConnection(deps, await workspaceHttp(deps, workspaceId), workspaceId, connectorSlug, connectionName);
}

async function bindConnection(
  deps: ConnectionDeps,
  http: HttpClient,
  workspaceId: string,
  connectorSlug: string,
  connectionName: string | undefined,
): Promise<StepHttp> {
  const connector = deps.registry.connectors.find((c) => c.slug === connectorSlug);
  const auth = connector?.auth;
  if (!connector || !auth || auth.kind === "none") return { http };
  if (!connectionName)
    throw new NonRetryableError(`${connector.slug} needs a connection; name one of the workspace's connected accounts`);
  if (!deps.keyRing)
    throw new NonRetryableError("no SWITCHYARD_ENCRYPTION_KEY is configured, so connections cannot be used");
  const row = await deps.db.connection.findFirst({
    where: { workspaceId, name: connectionName },
    select: { id: true, connector: true, status: true },
  });
  if (!row) throw new NonRetryableError(`no connection named "${connectionName}" in this workspace`);
  if (row.connector !== connector.slug)
    throw new NonRetryableError(`connection "${connectionName}" is a ${row.connector} account, not ${connector.slug}`);
  if (row.status !== "active")
    throw new NonRetryableError(`connection "${connectionName}" needs attention (${row.status}); reconnect it`);

  const { secrets } = await loadConnectionSecrets(deps.db, deps.keyRing, workspaceId, row.id);
  let credentials = parseCredentials(auth, secrets);
  const baseUrl = deps.baseUrls[connector.slug] ?? connector.baseUrl;
  if (!baseUrl)
    throw new NonRetryableError(`no API base URL for ${connector.slug}; set it in SWITCHYARD_API_BASE_URLS`);
  await deps.db.connection.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  const handle: ConnectionHandle = { id: row.id, name: connectionName, credentials };
  if (auth.kind !== "oauth2") return { http: bindHttpClient(http, { baseUrl, auth, credentials }), connection: handle };

  const target: RefreshTarget = {
    workspaceId,
    connectionId: row.id,
    connectionName,
    connector: connector.slug,
    auth,
    client: deps.oauthClients?.[connector.slug],
  };
  const refreshDeps = { db: deps.db, keyRing: deps.keyRing, http: deps.http };
  const refresh = async (force: boolean) => {
    credentials = { ...(await refreshTokens(refreshDeps, target, credentials as unknown as OAuthTokens, force)) };
    handle.credentials = credentials;
  };
  if (needsRefresh(credentials as unknown as OAuthTokens)) await refresh(false);
  return { http: refreshingClient(http, baseUrl, auth, () => credentials, refresh), connection: handle };
}

/** Bound to the current tokens; a 401 triggers one forced refresh and one retry. */
function refreshingClient(
  http: HttpClient,
  baseUrl: string,
  auth: AuthDefinition,
  credentials: () => Record<string, unknown>,
  refresh: (force: boolean) => Promise<void>,
): HttpClient {
  const bound = () => bindHttpClient(http, { baseUrl, auth, credentials: credentials() });
  return {
    async request<T>(req: HttpRequest) {
      try {
        return await bound().request<T>(req);
      } catch (err) {
        // A request carrying its own Authorization (a Facebook Page token) was not refused for the connection's token.
        if (!(err instanceof HttpError) || err.status !== 401 || req.headers?.authorization) throw err;
        await refresh(true);
        return bound().request<T>(req);
      }
    },
    resolveHost: (host, port) => http.resolveHost(host, port),
    close: () => http.close(),
  };
}
