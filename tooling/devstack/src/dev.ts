// `npm run dev`: the whole stack on embedded defaults. PostgreSQL (database
// created if missing, migrations applied), a Temporal dev server persisting
// under .data/, the worker, and Next.js. Ctrl-C stops every child.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createPrismaClient } from "@switchyard/db";
import { migrateDeploy } from "@switchyard/db/migrate";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { demoNetworkEnv, ensureDemo } from "./demo";
import { env, inheritedEnv, repoRoot } from "./env";
import { ensureDatabase, isReachable } from "./postgres";
import { spawnManaged, waitForHttp, type Managed } from "./process";
import { resolveTemporalCli } from "./temporal-cli";

const say = (m: string) => console.log(`[dev] ${m}`);
const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@");

function prefixed(name: string, proc: Managed) {
  const pipe = (stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream) => {
    let buf = "";
    stream?.on("data", (d: Buffer) => {
      buf += d;
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      for (const line of lines) out.write(`[${name}] ${line}\n`);
    });
  };
  pipe(proc.child.stdout, process.stdout);
  pipe(proc.child.stderr, process.stderr);
  return proc;
}

// Children run in their own process groups, so only this process decides when
// and in which order they stop: web and worker first (in parallel), Temporal last.
const apps: Managed[] = [];
let stopTemporal: (() => Promise<void>) | undefined;
let stopping: Promise<never> | undefined;
function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    say("stopping…");
    await Promise.allSettled(apps.map((a) => a.stop(10_000)));
    await stopTemporal?.().catch((err: unknown) => console.error(err));
    say("stopped");
    process.exit(code);
  })();
  return stopping;
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));

/** A value kept in the data folder across restarts (so dev connections stay decryptable). */
async function persistentSecret(dataDir: string, file: string, make: () => string): Promise<string> {
  const at = path.join(dataDir, file);
  try {
    return (await readFile(at, "utf8")).trim();
  } catch {
    const value = make();
    await writeFile(at, `${value}\n`, { mode: 0o600 });
    return value;
  }
}

async function main() {
  const dataDir = env.SWITCHYARD_DATA_DIR;
  await mkdir(path.join(dataDir, "temporal"), { recursive: true });

  if (!(await isReachable(env.DATABASE_URL))) {
    throw new Error(
      `PostgreSQL is not reachable at ${redact(env.DATABASE_URL)}.\n` +
        "  Start the local server (Debian/Ubuntu: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)\n" +
        "  or point DATABASE_URL at one. See README › Environment.",
    );
  }
  if (await ensureDatabase(env.DATABASE_URL)) say(`created database ${redact(env.DATABASE_URL)}`);
  say("applying migrations…");
  await migrateDeploy(env.DATABASE_URL);

  const cli = await resolveTemporalCli({ cliPath: env.TEMPORAL_CLI_PATH, pathEnv: env.PATH, toolsDir: env.SWITCHYARD_TOOLS_DIR, log: say });
  say(`starting Temporal dev server (${cli.source})…`);
  const temporal = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: cli.executable,
      ip: "127.0.0.1",
      port: env.TEMPORAL_PORT,
      uiPort: env.TEMPORAL_UI_PORT,
      dbFilename: path.join(dataDir, "temporal", "dev.db"),
      log: { format: "pretty", level: "warn" },
    },
  });
  stopTemporal = () => temporal.teardown();

  const temporalAddress = `127.0.0.1:${env.TEMPORAL_PORT}`;
  const webUrl = `http://127.0.0.1:${env.PORT}`;
  const temporalUiUrl = `http://127.0.0.1:${env.TEMPORAL_UI_PORT}`;
  const childEnv = {
    ...inheritedEnv,
    // Local-only secrets, generated once; production sets its own.
    SWITCHYARD_ENCRYPTION_KEY: inheritedEnv.SWITCHYARD_ENCRYPTION_KEY ?? (await persistentSecret(dataDir, "dev-encryption-key", () => randomBytes(32).toString("base64"))),
    SWITCHYARD_SECRET: inheritedEnv.SWITCHYARD_SECRET ?? (await persistentSecret(dataDir, "dev-secret", () => randomBytes(32).toString("base64url"))),
    DATABASE_URL: env.DATABASE_URL,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_UI_URL: temporalUiUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    // Never SWITCHYARD_ALLOWED_INTERNAL_HOSTS: that would open the Temporal UI and PostgreSQL to every workspace.
    ...demoNetworkEnv(inheritedEnv, webUrl),
  };

  const children: [string, Managed][] = [
    ["worker", spawnManaged(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: path.join(repoRoot, "workflows"), env: childEnv, stdio: ["ignore", "pipe", "pipe"] })],
    [
      "web",
      spawnManaged(process.execPath, [path.join(repoRoot, "node_modules/next/dist/bin/next"), "dev", "--port", String(env.PORT), "--hostname", "127.0.0.1"], {
        cwd: path.join(repoRoot, "web"),
        env: childEnv,
        stdio: ["ignore", "pipe", "pipe"],
      }),
    ],
  ];
  for (const [name, proc] of children) {
    prefixed(name, proc);
    apps.push(proc);
    void proc.exited.then((code) => {
      if (stopping) return;
      console.error(`[dev] ${name} exited (code ${code}); stopping the stack`);
      void shutdown(1);
    });
  }

  await waitForHttp(`${webUrl}/api/health`, 120_000);
  const db = createPrismaClient({ databaseUrl: env.DATABASE_URL, maxConnections: 1 });
  const demo = await ensureDemo(db, dataDir, webUrl).finally(() => db.$disconnect());

  const lines = [
    "",
    "Switchyard is up:",
    `  Web app          ${webUrl}`,
    `  Health           ${webUrl}/api/health`,
    `  Temporal Web UI  ${temporalUiUrl}`,
    `  Temporal gRPC    ${temporalAddress}`,
    `  PostgreSQL       ${redact(env.DATABASE_URL)}`,
  ];
  if (demo) {
    lines.push(
      "",
      "Try the demo workflow:",
      `  curl -X POST ${webUrl}/hooks/${demo.hookToken} -H 'content-type: application/json' -d '{"hello":"world"}'`,
      `  curl ${webUrl}/api/v1/runs/<runId> -H 'authorization: Bearer ${demo.apiToken}'`,
    );
  }
  lines.push("", "Ctrl-C stops everything.", "");
  console.log(lines.join("\n"));
}

main().catch(async (err: unknown) => {
  console.error(`[dev] ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
});
