import { randomBytes } from "node:crypto";
import { createPrismaClient, type Db } from "@switchyard/db";
import { afterAll, beforeAll, inject } from "vitest";
import "./provided";
import type { TcpProxy } from "./tcp-proxy";
import { createDatabase, dropDatabase } from "../postgres";

export interface TestDatabase {
  url: string;
  db: Db;
}

/**
 * A fresh, migrated database for the calling test file (cloned from the
 * template the global setup migrated), dropped when the file finishes.
 */
export function useTestDatabase(): TestDatabase {
  const handle = {} as TestDatabase;
  const server = inject("databaseServerUrl");
  const name = `switchyard_test_${randomBytes(6).toString("hex")}`;
  beforeAll(async () => {
    handle.url = await createDatabase(server, name, inject("databaseTemplate"));
    handle.db = createPrismaClient({ databaseUrl: handle.url });
  });
  afterAll(async () => {
    await handle.db?.$disconnect();
    await dropDatabase(server, name);
  });
  return handle;
}

/** A client whose every connection goes through `proxy`: cutting it is an outage for this client alone. */
export const clientThrough = (proxy: TcpProxy, databaseUrl: string, maxConnections?: number): Db =>
  createPrismaClient({ databaseUrl: proxy.urlThrough(databaseUrl), maxConnections });
