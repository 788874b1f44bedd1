import type { ConnectionDeps } from "../connections/http";
import { httpForConnection } from "../connections/http";

export type ConnectionTest = { ok: true } | { ok: false; error: string };

/**
 * "Test connection": the connector's own check, through the workspace's guarded HTTP client
 * with the connection bound (refreshed first if its token is due). The answer says what
 * failed, never the secret.
 */
export async function runConnectionTest(
  deps: ConnectionDeps,
  workspaceId: string,
  connectorSlug: string,
  name: string,
): Promise<ConnectionTest> {
  const test = deps.registry.connectors.find((c) => c.slug === connectorSlug)?.auth?.test;
  if (!test) return { ok: false, error: `${connectorSlug} connections have no test` };
  try {
    const { http } = await httpForConnection(deps, workspaceId, connectorSlug, name);
    await test({ http });
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
