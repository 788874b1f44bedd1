// `npm run dev`: the whole stack on embedded defaults. PostgreSQL (DATABASE_URL,
// else the local server, else an embedded one under .data/postgres; database
// created if missing, migrations applied), a Temporal dev server persisting
// under .data/, the worker, and Next.js, both restarted when they crash, and a
// mail catcher unless SMTP_URL is set. Ctrl-C stops every child.
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { createPrismaClient } from "@switchyard/db";
import { migrateDeploy } from "@switchyard/db/migrate";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { DEMO_OWNER_EMAIL, demoNetworkEnv, ensureDemo, type DemoCredentials } from "./demo";
import { chooseDatabase, redact } from "./dev-database";
import { launchEmbeddedPostgres } from "./embedded-postgres";
import { configuredDatabaseUrl, env, inheritedEnv, repoRoot } from "./env";
import { startMailCatcher } from "./mail-catcher";
import { persistentValue } from "./persistent";
import { ensureDatabase } from "./postgres";
import { spawnManaged, waitForHttp, type Managed } from "./process";
import { supervise, type Supervisor } from "./supervise";
import { DEV_SQLITE_PRAGMAS, resolveTemporalCli } from "./temporal-cli";

const say = (m: string) => console.log(`[dev] ${m}`);

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
// and in which order they stop: web and worker first (in parallel), then the mail
// catcher, Temporal, and the embedded PostgreSQL they all used.
const apps: Supervisor[] = [];
let stopMailCatcher: (() => Promise<void>) | undefined;
let stopTemporal: (() => Promise<void>) | undefined;
let stopPostgres: (() => Promise<void>) | undefined;
let stopping: Promise<never> | undefined;
function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    say("stopping…");
    await Promise.allSettled(apps.map((a) => a.stop(10_000)));
    await stopMailCatcher?.().catch((err: unknown) => console.error(err));
    await stopTemporal?.().catch((err: unknown) => console.error(err));
    await stopPostgres?.().catch((err: unknown) => console.error(err));
    say("stopped");
    process.exit(code);
  })();
  return stopping;
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));

const dataDir = env.SWITCHYARD_DATA_DIR;
const webUrl = `http://127.0.0.1:${env.PORT}`;
const temporalAddress = `127.0.0.1:${env.TEMPORAL_PORT}`;
const temporalUiUrl = `http://127.0.0.1:${env.TEMPORAL_UI_PORT}`;

async function startEmbeddedPostgres(): Promise<string> {
  const dir = path.join(dataDir, "postgres");
  say(
    `no PostgreSQL at ${redact(env.SWITCHYARD_LOCAL_DATABASE_URL)} and DATABASE_URL is unset: starting an embedded one (data in ${dir})…`,
  );
  const startedAt = Date.now();
  const server = await launchEmbeddedPostgres({ dir, log: say });
  stopPostgres = server.stop;
  await server.ready;
  say(`embedded PostgreSQL up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  return server.url;
}

/** The database URL, with the database created if missing and migrated. */
async function prepareDatabase(): Promise<string> {
  const choice = await chooseDatabase(configuredDatabaseUrl, env.SWITCHYARD_LOCAL_DATABASE_URL);
  const url = choice.source === "embedded" ? await startEmbeddedPostgres() : choice.url;
  if (await ensureDatabase(url)) say(`created database ${redact(url)}`);
  say("applying migrations…");
  await migrateDeploy(url);
  return url;
}

async function startTemporal(): Promise<void> {
  await mkdir(path.join(dataDir, "temporal"), { recursive: true });
  const cli = await resolveTemporalCli({
    cliPath: env.TEMPORAL_CLI_PATH,
    pathEnv: env.PATH,
    toolsDir: env.SWITCHYARD_TOOLS_DIR,
    log: say,
  });
  say(`starting Temporal dev server (${cli.source})…`);
  const temporal = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: cli.executable,
      ip: "127.0.0.1",
      port: env.TEMPORAL_PORT,
      uiPort: env.TEMPORAL_UI_PORT,
      dbFilename: path.join(dataDir, "temporal", "dev.db"),
      extraArgs: DEV_SQLITE_PRAGMAS,
      log: { format: "pretty", level: "warn" },
    },
  });
  stopTemporal = () => temporal.teardown();
}

/** Where the apps send mail: SMTP_URL as given, else the catcher, with the page showing what it caught. */
interface MailRoute {
  smtpUrl: string;
  catcherPageUrl?: string;
}

/** Empty counts as unset, as DATABASE_URL does, so `SMTP_URL= npm run dev` catches mail locally. */
async function routeMail(): Promise<MailRoute> {
  if (inheritedEnv.SMTP_URL) return { smtpUrl: inheritedEnv.SMTP_URL };
  const catcher = await startMailCatcher();
  stopMailCatcher = catcher.close;
  return { smtpUrl: catcher.smtpUrl, catcherPageUrl: catcher.pageUrl };
}

async function appEnvironment(databaseUrl: string, mail: MailRoute): Promise<NodeJS.ProcessEnv> {
  return {
    ...inheritedEnv,
    // Local-only secrets, generated once; production sets its own.
    SWITCHYARD_ENCRYPTION_KEY:
      inheritedEnv.SWITCHYARD_ENCRYPTION_KEY ??
      (await persistentValue(path.join(dataDir, "dev-encryption-key"), () => randomBytes(32).toString("base64"))),
    SWITCHYARD_SECRET:
      inheritedEnv.SWITCHYARD_SECRET ??
      (await persistentValue(path.join(dataDir, "dev-secret"), () => randomBytes(32).toString("base64url"))),
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_UI_URL: temporalUiUrl,
    SMTP_URL: mail.smtpUrl,
    // Links in mail point here, and the approval page accepts a decision posted only from this origin.
    SWITCHYARD_PUBLIC_URL: inheritedEnv.SWITCHYARD_PUBLIC_URL || webUrl,
    // next-auth builds its sign-in links from this, never from a request's Host header.
    NEXTAUTH_URL: inheritedEnv.NEXTAUTH_URL || inheritedEnv.SWITCHYARD_PUBLIC_URL || webUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    // Production's worker health port, off unless asked for: a fixed port would clash with a second stack (the tests').
    SWITCHYARD_WORKER_HEALTH_PORT: inheritedEnv.SWITCHYARD_WORKER_HEALTH_PORT ?? "0",
    // Never SWITCHYARD_ALLOWED_INTERNAL_HOSTS: that would open the Temporal UI and PostgreSQL to every workspace.
    ...demoNetworkEnv(inheritedEnv, webUrl),
  };
}

/** Worker and web, each restarted when it crashes; a crash loop stops the stack. */
function startApps(childEnv: NodeJS.ProcessEnv): void {
  const commands: [name: string, folder: string, args: string[]][] = [
    ["worker", "workflows", ["--import", "tsx", "src/main.ts"]],
    [
      "web",
      "web",
      [
        path.join(repoRoot, "node_modules/next/dist/bin/next"),
        "dev",
        "--port",
        String(env.PORT),
        "--hostname",
        "127.0.0.1",
      ],
    ],
  ];
  for (const [name, folder, args] of commands) {
    const start = () => {
      const proc = prefixed(
        name,
        spawnManaged(process.execPath, args, {
          cwd: path.join(repoRoot, folder),
          env: childEnv,
          stdio: ["ignore", "pipe", "pipe"],
        }),
      );
      say(`${name} started (pid ${proc.child.pid})`);
      return proc;
    };
    const onGiveUp = (message: string) => {
      console.error(`[dev] ${message}; stopping the stack`);
      void shutdown(1);
    };
    apps.push(supervise({ name, start, log: say, onGiveUp }));
  }
}

function printBanner(databaseUrl: string, mail: MailRoute, demo: DemoCredentials | undefined): void {
  const lines = [
    "",
    "Switchyard is up:",
    `  Web app          ${webUrl}  (sign in with the Development login as ${DEMO_OWNER_EMAIL} to open the demo)`,
    `  Health           ${webUrl}/api/health`,
    `  Temporal Web UI  ${temporalUiUrl}`,
    `  Temporal gRPC    ${temporalAddress}`,
    `  PostgreSQL       ${redact(databaseUrl)}`,
    mail.catcherPageUrl
      ? `  Mail             ${mail.catcherPageUrl} (caught at ${mail.smtpUrl})`
      : `  Mail             sent through ${redact(mail.smtpUrl)} (SMTP_URL)`,
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

async function main() {
  await mkdir(dataDir, { recursive: true });
  const databaseUrl = await prepareDatabase();
  await startTemporal();
  const mail = await routeMail();
  startApps(await appEnvironment(databaseUrl, mail));
  await waitForHttp(`${webUrl}/api/health`, 120_000);
  const db = createPrismaClient({ databaseUrl, maxConnections: 1 });
  const demo = await ensureDemo(db, dataDir, webUrl).finally(() => db.$disconnect());
  printBanner(databaseUrl, mail, demo);
}

main().catch(async (err: unknown) => {
  console.error(`[dev] ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
});
