import "server-only";
import { createLogger, type Logger } from "@switchyard/connectors";
import { createPrismaClient, type Db } from "@switchyard/db";
import { connectEngine, type EngineClient } from "@switchyard/workflows/client";
import { env } from "~/env";

export interface Services {
  db: Db;
  /** Rejects while Temporal is unreachable; callers fall back to the outbox. */
  engine(): Promise<EngineClient>;
  logger: Logger;
  webhookMaxBytes: number;
}

function createServices(): Services {
  let engine: Promise<EngineClient> | undefined;
  return {
    db: createPrismaClient({ databaseUrl: env.DATABASE_URL }),
    engine() {
      engine ??= connectEngine({ address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.TEMPORAL_TASK_QUEUE }).catch((err: unknown) => {
        engine = undefined; // try again on the next request
        throw err;
      });
      return engine;
    },
    logger: createLogger("web"),
    webhookMaxBytes: env.SWITCHYARD_WEBHOOK_MAX_BYTES,
  };
}

// One set per server process; survives Next's dev-mode module reloads.
const g = globalThis as { __switchyardServices?: Services };
export const services = (): Services => (g.__switchyardServices ??= createServices());
