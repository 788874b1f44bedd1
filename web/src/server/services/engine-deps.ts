import { builtinRegistry } from "@switchyard/connectors";
import type { WebhookDeps } from "@switchyard/workflows/engine";
import type { Services } from "../context";

/**
 * What the engine's connection and trigger code needs, from the web's services.
 * The key ring is read only when used, so paths that touch no secret work
 * without SWITCHYARD_ENCRYPTION_KEY and the others fail naming it.
 */
export const engineDeps = (s: Services): WebhookDeps => ({
  db: s.db,
  registry: builtinRegistry,
  http: s.http,
  get keyRing() {
    return s.keyRing();
  },
  baseUrls: s.baseUrls,
  oauthClients: s.oauth.clients,
  logger: s.logger,
});
