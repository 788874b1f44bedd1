// The embedded PostgreSQL that `npm run dev` starts on a bare machine: a real
// server, migrated like any other, whose data and URL outlive a restart.
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPrismaClient } from "@switchyard/db";
import { migrateDeploy } from "@switchyard/db/migrate";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launchEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";
import { ensureDatabase } from "./postgres";

let dir: string;
const running = new Set<EmbeddedPostgres>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "switchyard-embedded-pg-"));
  // mkdtemp makes it owner-only; as root the server runs as `postgres`, which must reach it.
  await chmod(dir, 0o755);
});
afterAll(async () => {
  await Promise.allSettled([...running].map((server) => server.stop()));
  await rm(dir, { recursive: true, force: true });
});

/** One `npm run dev`'s worth of server: started on the test's data folder, on any free port the first time. */
async function start(): Promise<EmbeddedPostgres> {
  const server = await launchEmbeddedPostgres({ dir, preferredPort: 0, log: () => {} });
  running.add(server);
  await server.ready;
  return server;
}

async function stop(server: EmbeddedPostgres): Promise<void> {
  await server.stop();
  running.delete(server);
}

async function withDb<T>(url: string, fn: (db: ReturnType<typeof createPrismaClient>) => Promise<T>): Promise<T> {
  const db = createPrismaClient({ databaseUrl: url, maxConnections: 1 });
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
  }
}

it("runs the migrations and keeps its rows and its URL across a restart", async () => {
  const first = await start();
  expect(await ensureDatabase(first.url)).toBe(true);
  await migrateDeploy(first.url);
  await withDb(first.url, (db) => db.workspace.create({ data: { slug: "kept", name: "Kept across restarts" } }));
  await stop(first);

  const second = await start();
  expect(second.url).toBe(first.url);
  expect(await readFile(path.join(dir, "port"), "utf8")).toBe(`${new URL(first.url).port}\n`);
  expect(await ensureDatabase(second.url)).toBe(false);
  const kept = await withDb(second.url, (db) =>
    db.workspace.findUnique({ where: { slug: "kept" }, select: { name: true } }),
  );
  expect(kept).toEqual({ name: "Kept across restarts" });
  await stop(second);
});
