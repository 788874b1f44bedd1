import { builtinRegistry } from "@switchyard/connectors";
import type { EngineDeps } from "@switchyard/workflows/engine";
import type { Services } from "../context";

/**
 * What the engine's operations need, from the web's services. The key ring is
 * read only when used, so paths that touch no secret work without
 * SWITCHYARD_ENCRYPTION_KEY and the others fail naming it.
 */
export const engineDeps = (s: Services): EngineDeps => ({
  db: s.db,
  engineClient: () => s.engine(),
  registry: builtinRegistry,
  http: s.http,
  get keyRing() {
    return s.keyRing();
  },
  baseUrls: s.baseUrls,
  oauthClients: s.oauth.clients,
  publicUrl: s.oauth.publicUrl,
  logger: s.logger,
  dispatcher: s.dispatcher,
});
