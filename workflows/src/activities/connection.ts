import { bindHttpClient, NonRetryableError, parseCredentials, type ConnectionHandle, type HttpClient, type Registry } from "@switchyard/connectors";
import { loadConnectionSecrets, type Db, type KeyRing } from "@switchyard/db";

export interface ConnectionDeps {
  db: Db;
  registry: Registry;
  http: HttpClient;
  /** Absent when the worker has no SWITCHYARD_ENCRYPTION_KEY: steps that need an account fail clearly. */
  keyRing?: KeyRing;
  /** Per-connector API base URLs from config (self-hosted APIs, local fakes in tests). */
  baseUrls: Readonly<Record<string, string>>;
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
export async function httpForStep(deps: ConnectionDeps, runId: string, uses: string, connectionName: string | undefined): Promise<StepHttp> {
  const connector = deps.registry.connectorOf(uses);
  const auth = connector?.auth;
  if (!connector || !auth || auth.kind === "none") return { http: deps.http };
  if (!connectionName) throw new NonRetryableError(`"${uses}" needs a connection; name one in the step's "connection"`);
  if (!deps.keyRing) throw new NonRetryableError("the worker has no SWITCHYARD_ENCRYPTION_KEY, so it cannot use connections");

  const { workspaceId } = await deps.db.run.findUniqueOrThrow({ where: { id: runId }, select: { workspaceId: true } });
  const row = await deps.db.connection.findFirst({ where: { workspaceId, name: connectionName }, select: { id: true, connector: true, status: true } });
  if (!row) throw new NonRetryableError(`no connection named "${connectionName}" in this workspace`);
  if (row.connector !== connector.slug) throw new NonRetryableError(`connection "${connectionName}" is a ${row.connector} account, not ${connector.slug}`);
  if (row.status !== "active") throw new NonRetryableError(`connection "${connectionName}" needs attention (${row.status}); reconnect it`);

  const { secrets } = await loadConnectionSecrets(deps.db, deps.keyRing, workspaceId, row.id);
  const credentials = parseCredentials(auth, secrets);
  const baseUrl = deps.baseUrls[connector.slug] ?? connector.baseUrl;
  if (!baseUrl) throw new NonRetryableError(`no API base URL for ${connector.slug}; set it in SWITCHYARD_API_BASE_URLS`);
  await deps.db.connection.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { http: bindHttpClient(deps.http, { baseUrl, auth, credentials }), connection: { id: row.id, name: connectionName, credentials } };
}
