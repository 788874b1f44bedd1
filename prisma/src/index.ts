import { PrismaClient } from "./generated/client";
import { createAdapter } from "./pg-adapter";

export * from "./generated/client";
export { createPool, createAdapter } from "./pg-adapter";
export { databaseEnv, encryptionEnv, LOCAL_DATABASE_URL } from "./env";
export { isDatabaseUnavailable } from "./unavailable";

export type Db = PrismaClient;

export interface DbConfig {
  databaseUrl: string;
  /** Pool size per process; Prisma shares it across concurrent queries. */
  maxConnections?: number;
}

export function createPrismaClient({ databaseUrl, maxConnections = 10 }: DbConfig): PrismaClient {
  return new PrismaClient({ adapter: createAdapter(databaseUrl, { max: maxConnections }) });
}
export * from "./tokens";
export { newId } from "./ids";
export * from "./secrets";
export * from "./connections";
export * from "./trigger-state";
export * from "./rotation";
export { listenTo, type ChannelListener } from "./notifications";
