// Bundles the interpreter workflow code in a short-lived child process and hands the worker the
// file. Bundling (webpack) in the worker itself left about 120 MiB in its heap for good; the
// worker reads the finished bundle once, when it is created.
import { spawn } from "node:child_process";
import { access, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { WorkflowBundleOption } from "@temporalio/worker";

const script = fileURLToPath(new URL("./bundle-interpreter-main.ts", import.meta.url));

/**
 * What the production build (scripts/build.ts) names the bundle it writes beside the compiled worker:
 * one plain, one with the tracing interceptors (for a worker with OTLP configured).
 */
export const prebuiltBundleName = (traced: boolean) =>
  traced ? "interpreter-bundle-traced.js" : "interpreter-bundle.js";

/**
 * The production build's bundle when the worker runs from it, else one made now (from source only:
 * the compiled worker has neither the bundling script nor a TypeScript loader beside it).
 */
export async function interpreterBundle({ traced = false } = {}): Promise<{
  bundle: WorkflowBundleOption;
  remove(): Promise<void>;
}> {
  const prebuilt = fileURLToPath(new URL(`./${prebuiltBundleName(traced)}`, import.meta.url));
  const found = await access(prebuilt).then(
    () => true,
    () => false,
  );
  return found ? { bundle: { codePath: prebuilt }, remove: async () => {} } : bundleInterpreterApart({ traced });
}

/** The bundle as a file, and a way to delete it once the worker has read it. */
export async function bundleInterpreterApart({ traced = false } = {}): Promise<{
  bundle: WorkflowBundleOption;
  remove(): Promise<void>;
}> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "switchyard-interpreter-"));
  const codePath = path.join(dir, "interpreter.js");
  // From source, the script needs the TypeScript loader whoever started this process (the worker, a test).
  const loader = script.endsWith(".ts") ? ["--import", "tsx"] : [];
  const child = spawn(process.execPath, [...loader, script, codePath, ...(traced ? ["traced"] : [])], {
    stdio: ["ignore", "inherit", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", resolve);
  });
  if (code !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`bundling the interpreter failed (exit ${code}):\n${stderr}`);
  }
  return { bundle: { codePath }, remove: () => rm(dir, { recursive: true, force: true }) };
}
