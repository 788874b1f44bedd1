import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { env } from "../env";
import { freePort } from "../ports";
import { resolveTemporalCli } from "../temporal-cli";
import { installQuietRuntime } from "./temporal";

/** A Temporal dev server of one test's own, on a SQLite file, that the test may take down and bring back. */
export interface OwnTemporal {
  address: string;
  /** Stops the server: an outage. What it holds stays in its file. */
  stop(): Promise<void>;
  /** Starts it again on the same address and file. */
  start(): Promise<void>;
  /** Stops it for good and removes its file. */
  close(): Promise<void>;
}

export async function startOwnTemporal(): Promise<OwnTemporal> {
  // The server's client would install the SDK's runtime with its defaults; the workers need it quiet.
  installQuietRuntime();
  const { executable } = await resolveTemporalCli({
    cliPath: env.TEMPORAL_CLI_PATH,
    pathEnv: env.PATH,
    toolsDir: env.SWITCHYARD_TOOLS_DIR,
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), "switchyard-own-temporal-"));
  const port = await freePort();
  const launch = () =>
    TestWorkflowEnvironment.createLocal({
      server: {
        executable,
        ip: "127.0.0.1",
        port,
        dbFilename: path.join(dir, "temporal.db"),
        log: { format: "pretty", level: "error" },
      },
    });
  let server: TestWorkflowEnvironment | undefined = await launch();
  const stop = async () => {
    await server?.teardown();
    server = undefined;
  };
  return {
    address: `127.0.0.1:${port}`,
    stop,
    async start() {
      server ??= await launch();
    },
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
