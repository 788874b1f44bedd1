import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { builtinRegistry, createHttpClient } from "@switchyard/connectors";
import { createPrismaClient, type Db } from "@switchyard/db";
import { migrateDeploy } from "@switchyard/db/migrate";
import {
  createDatabase,
  DEV_SQLITE_PRAGMAS,
  dropDatabase,
  resolveTemporalCli,
  startSink,
  type Sink,
} from "@switchyard/devstack";
import { env } from "@switchyard/devstack/env";
import {
  assertLinearRegExps,
  connectEngine,
  createActivities,
  enableLinearRegExps,
  type EngineClient,
} from "@switchyard/workflows/worker";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { DefaultLogger, NativeConnection, Runtime, Worker } from "@temporalio/worker";
import { baselineActivities } from "./baseline-activities";

export interface BenchStack {
  db: Db;
  engine: EngineClient;
  sink: Sink;
  /** What the web app needs to reach this stack's database and Temporal. */
  webEnv: Record<string, string>;
  close(): Promise<void>;
}

/** Temporal's dev server on 127.0.0.1: in memory, or on a SQLite file as `npm run dev` keeps it. */
export async function startTemporal(dbFilename?: string): Promise<TestWorkflowEnvironment> {
  const { executable } = await resolveTemporalCli({
    cliPath: env.TEMPORAL_CLI_PATH,
    pathEnv: env.PATH,
    toolsDir: env.SWITCHYARD_TOOLS_DIR,
  });
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable,
      ip: "127.0.0.1",
      log: { format: "pretty", level: "error" },
      ...(dbFilename ? { dbFilename, extraArgs: DEV_SQLITE_PRAGMAS } : {}),
    },
  });
}

/** A private stack per bench run: Temporal dev server, scratch database, one worker (in this process), a sink. */
export async function startBenchStack(): Promise<BenchStack> {
  Runtime.install({ logger: new DefaultLogger("ERROR") });
  const dbName = `switchyard_bench_${randomBytes(4).toString("hex")}`;
  const [temporal, dbUrl, sink] = await Promise.all([
    startTemporal(),
    createDatabase(env.DATABASE_URL, dbName).then(async (url) => (await migrateDeploy(url), url)),
    startSink(),
  ]);
  const db = createPrismaClient({ databaseUrl: dbUrl, maxConnections: 20 });
  const taskQueue = "bench";
  const connection = await NativeConnection.connect({ address: temporal.address });
  // The bench builds its own worker (beside a bare baseline), so it switches on what createWorker would.
  enableLinearRegExps();
  assertLinearRegExps();
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: fileURLToPath(new URL("./workflows.ts", import.meta.url)),
    activities: {
      ...createActivities({
        db,
        registry: builtinRegistry,
        logger: { info() {}, warn() {}, error() {} },
        http: createHttpClient({ ssrf: { enabled: false, allowHosts: [] } }),
        baseUrls: {},
      }),
      ...baselineActivities,
    },
    maxConcurrentActivityTaskExecutions: 200,
  });
  const running = worker.run();
  const engine = await connectEngine({ address: temporal.address, namespace: "default", taskQueue });
  return {
    db,
    engine,
    sink,
    webEnv: {
      DATABASE_URL: dbUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: "default",
      TEMPORAL_TASK_QUEUE: taskQueue,
    },
    async close() {
      worker.shutdown();
      await running;
      await Promise.all([engine.close(), connection.close(), sink.close()]);
      await db.$disconnect();
      await Promise.all([temporal.teardown(), dropDatabase(env.DATABASE_URL, dbName)]);
    },
  };
}
