// Vitest global setup: one Temporal dev server, one migrated template database
// and one workflow bundle per test run, shared by every test file.
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { migrateDeploy } from "@switchyard/db/migrate";
import { bundleInterpreter } from "@switchyard/workflows/worker";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import type { TestProject } from "vitest/node";
import { env } from "../env";
import { createDatabase, dropDatabase, isReachable } from "../postgres";
import { resolveTemporalCli } from "../temporal-cli";
import "./provided";

async function startTemporal(): Promise<TestWorkflowEnvironment> {
  const { executable } = await resolveTemporalCli({
    cliPath: env.TEMPORAL_CLI_PATH,
    pathEnv: env.PATH,
    toolsDir: env.SWITCHYARD_TOOLS_DIR,
    log: (m) => console.log(`[test setup] ${m}`),
  });
  return TestWorkflowEnvironment.createLocal({
    server: { executable, ip: "127.0.0.1", log: { format: "pretty", level: "error" } },
  });
}

async function prepareTemplate(): Promise<string> {
  if (!(await isReachable(env.DATABASE_URL))) {
    throw new Error(`PostgreSQL is not reachable at ${env.DATABASE_URL}; integration tests need it (set DATABASE_URL, or start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)`);
  }
  const name = `switchyard_test_tpl_${randomBytes(4).toString("hex")}`;
  const url = await createDatabase(env.DATABASE_URL, name);
  await migrateDeploy(url);
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
  const [temporal, template, bundlePath] = await Promise.all([startTemporal(), prepareTemplate(), writeBundle()]);
  project.provide("temporalAddress", temporal.address);
  project.provide("temporalNamespace", temporal.namespace ?? "default");
  project.provide("databaseServerUrl", env.DATABASE_URL);
  project.provide("databaseTemplate", template);
  project.provide("workflowBundlePath", bundlePath);

  return async () => {
    await Promise.all([temporal.teardown(), dropDatabase(env.DATABASE_URL, template)]);
  };
}
