// Vitest global setup: one Temporal dev server, one migrated template database
// and one workflow bundle per test run, shared by every test file.
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { bundleInterpreter } from "@switchyard/workflows/worker";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import type { TestProject } from "vitest/node";
import { chooseDatabase } from "../dev-database";
import { configuredDatabaseUrl, env } from "../env";
import { freePort } from "../ports";
import { dropDatabase } from "../postgres";
import { resolveTemporalCli } from "../temporal-cli";
import "./provided";
import { createMigratedDatabase, startScratchPostgres } from "./scratch-postgres";

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
  const server = await startScratchPostgres(log);
  return { url: server.url, stop: server.close };
}

async function prepareTemplate(server: string): Promise<string> {
  const name = `switchyard_test_tpl_${randomBytes(4).toString("hex")}`;
  await createMigratedDatabase(server, name);
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
