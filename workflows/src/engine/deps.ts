import type { DispatchDeps } from "../dispatch";
import type { EventDeps } from "../triggers/events";
import type { WebhookDeps } from "../triggers/webhooks";

/**
 * What the engine's operations need from their host; web builds it from its
 * services (web/src/server/services/engine-deps.ts). The Temporal client is a
 * getter because connecting can wait out a timeout: only the operations that
 * reach Temporal ask for it, and one that cannot connect leaves its runs to
 * the outbox relay instead of failing the request that stored them.
 */
export type EngineDeps = WebhookDeps &
  EventDeps &
  DispatchDeps & {
    /** Where providers reach this server: a registered provider webhook points at `<publicUrl>/hooks/<token>`. */
    publicUrl: string;
  };
