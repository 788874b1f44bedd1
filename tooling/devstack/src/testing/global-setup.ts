// Vitest global setup: one Temporal dev server, one migrated template database
// and one workflow bundle per test run, shared by every test file.
import { randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { migrateDeploy } from "@switchyard/db/migrate";
import { bundleInterpreter } from "@switchyard/workflows/worker";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import type { TestProject } from "vitest/node";
import { chooseDatabase } from "../dev-database";
import { launchEmbeddedPostgres } from "../embedded-postgres";
import { configuredDatabaseUrl, env } from "../env";
import { freePort } from "../ports";
import { createDatabase, dropDatabase } from "../postgres";
import { resolveTemporalCli } from "../temporal-cli";
import "./provided";

async function startTemporal(): Promise<TestWorkflowEnvironment> {
  const { executable } = await resolveTemporalCli({
    cliPath: env.TEMPORAL_CLI_PATH,
    pathEnv: env.PATH,
    toolsDir: env.SWITCHYARD_TOOLS_DIR,
    log,
  });
  return TestWorkflowEnvironment.createLocal({
    server: { executable, ip: "127.0.0.1", port: await freePort(), log: { format: "pretty", level: "error" } },
  });
}

interface TestServer {
  url: string;
  stop(): Promise<void>;
}

const log = (m: string) => console.log(`[test setup] ${m}`);

/**
 * The PostgreSQL the tests use: DATABASE_URL, else the local server, else, on a machine
 * without one, an embedded server on a free port in a scratch folder, thrown away after.
 */
async function databaseServer(): Promise<TestServer> {
  const choice = await chooseDatabase(configuredDatabaseUrl, env.SWITCHYARD_LOCAL_DATABASE_URL);
  if (choice.source !== "embedded") return { url: choice.url, stop: async () => {} };
  log("no PostgreSQL answers; starting an embedded one for this test run");
  const dir = await mkdtemp(path.join(os.tmpdir(), "switchyard-test-pg-"));
  // As root the server runs as `postgres`, which must reach the cluster inside this folder.
  await chmod(dir, 0o755);
  const server = await launchEmbeddedPostgres({ dir, preferredPort: 0, log }).catch(async (err: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw err;
  });
  const stop = async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
  await server.ready.catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { url: server.url, stop };
}

async function prepareTemplate(server: string): Promise<string> {
  const name = `switchyard_test_tpl_${randomBytes(4).toString("hex")}`;
  await migrateDeploy(await createDatabase(server, name));
  return name;
}

async function writeBundle(): Promise<string> {
  const dir = path.join(env.SWITCHYARD_DATA_DIR, "test");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `interpreter-bundle-${process.pid}.js`);
  await writeFile(file, (await bundleInterpreter()).code);
  return file;
}

export default async function setup(project: TestProject) {
  const database = await databaseServer();
  const [temporal, template, bundlePath] = await Promise.all([
    startTemporal(),
    prepareTemplate(database.url),
    writeBundle(),
  ]).catch(async (err: unknown) => {
    await database.stop();
    throw err;
  });
  project.provide("temporalAddress", temporal.address);
  project.provide("temporalNamespace", temporal.namespace ?? "default");
  project.provide("databaseServerUrl", database.url);
  project.provide("databaseTemplate", template);
  project.provide("workflowBundlePath", bundlePath);

  return async () => {
    try {
      await Promise.all([temporal.teardown(), dropDatabase(database.url, template)]);
    } finally {
      await database.stop();
    }
  };
}
