import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { migrateDeploy } from "@switchyard/db/migrate";
import { launchEmbeddedPostgres } from "../embedded-postgres";
import { createDatabase } from "../postgres";
import { restartable, type Restartable } from "./restartable";

/**
 * A PostgreSQL server of its own (the embedded binaries) in a scratch folder, on a free port:
 * the test run's server on a machine without one, or a server a test may really stop and start
 * (a fast shutdown: open sessions are ended, and new connections are refused until `start`).
 */
export interface ScratchPostgres extends Restartable {
  /** The server's URL (database `postgres`); it stays the same across a restart. */
  url: string;
}

export async function startScratchPostgres(log: (m: string) => void = () => {}): Promise<ScratchPostgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "switchyard-scratch-pg-"));
  // As root the server runs as `postgres`, which must reach the cluster inside this folder.
  await chmod(dir, 0o755);
  const launch = async () => {
    const server = await launchEmbeddedPostgres({ dir, preferredPort: 0, log });
    await server.ready.catch(async (err: unknown) => {
      await server.stop();
      throw err;
    });
    return server;
  };
  let url = "";
  const server = await restartable(
    async () => {
      const launched = await launch();
      url = launched.url;
      return launched;
    },
    () => rm(dir, { recursive: true, force: true }),
  );
  return { url, ...server };
}

/** A database named `name` on the server at `serverUrl`, with every migration applied; returns its URL. */
export async function createMigratedDatabase(serverUrl: string, name: string): Promise<string> {
  const url = await createDatabase(serverUrl, name);
  await migrateDeploy(url);
  return url;
}
