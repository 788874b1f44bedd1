import { randomBytes } from "node:crypto";
import { builtinRegistry, type Registry } from "@switchyard/connectors";
import type { Db } from "@switchyard/db";
import { connectEngine, type EngineClient } from "@switchyard/workflows/client";
import { createWorker } from "@switchyard/workflows/worker";
import { DefaultLogger, NativeConnection, Runtime, type Worker } from "@temporalio/worker";
import { inject } from "vitest";
import "./provided";

export const uniqueTaskQueue = (label = "test") => `${label}-${randomBytes(6).toString("hex")}`;

export function testTemporalConfig(taskQueue: string) {
  return { address: inject("temporalAddress"), namespace: inject("temporalNamespace"), taskQueue };
}

export function connectTestEngine(taskQueue: string): Promise<EngineClient> {
  return connectEngine(testTemporalConfig(taskQueue));
}

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

let runtimeInstalled = false;
/** Expected step failures would otherwise flood test output with SDK warnings. */
function installQuietRuntime() {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger("ERROR") });
  runtimeInstalled = true;
}

const silentLogger = { info() {}, warn() {}, error() {} };

/** Starts an in-process worker on the shared dev server, using the prebuilt bundle. */
export async function startTestWorker(opts: { db: Db; taskQueue: string; registry?: Registry }): Promise<RunningWorker> {
  installQuietRuntime();
  const connection = await NativeConnection.connect({ address: inject("temporalAddress") });
  const worker = await createWorker({
    connection,
    namespace: inject("temporalNamespace"),
    taskQueue: opts.taskQueue,
    deps: { db: opts.db, registry: opts.registry ?? builtinRegistry, logger: silentLogger },
    workflowBundle: { codePath: inject("workflowBundlePath") },
  });
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === "RUNNING") worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
