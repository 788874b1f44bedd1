import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { env } from "../env";
import { freePort } from "../ports";
import { resolveTemporalCli } from "../temporal-cli";
import { restartable, type Restartable } from "./restartable";
import { installQuietRuntime } from "./temporal";

/** A Temporal dev server of one test's own, on a SQLite file, that the test may take down and bring back. */
export interface OwnTemporal extends Restartable {
  address: string;
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
  const server = await restartable(
    async () => {
      const server = await launch();
      return { stop: () => server.teardown() };
    },
    () => rm(dir, { recursive: true, force: true }),
  );
  return { address: `127.0.0.1:${port}`, ...server };
}
