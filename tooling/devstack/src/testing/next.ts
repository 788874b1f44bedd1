import { createRequire } from "node:module";
import path from "node:path";
import { env, repoRoot } from "../env";
import { freePort } from "../ports";
import { spawnManaged, waitForHttp } from "../process";
import { E2E_DIST_DIR, ensureNextBuild } from "./next-build";

export interface NextServer {
  url: string;
  /** The server process, for what it costs (the bench reads its CPU time). */
  pid: number | undefined;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Runs the real web app with the given environment, on `port` if given (when the environment must
 * name the app's own URL, e.g. SWITCHYARD_PUBLIC_URL), else on a free one. Every test file serves
 * the one production build of the run (built once, see next-build.ts): a `next dev` per file
 * compiled the same routes again in each, which was most of the suite's CPU. `npm run dev` itself
 * is covered by dev.test.ts. NODE_ENV is "test", not "production": the development login, which
 * the browser tests sign in with, is refused in production.
 */
export async function startNextServer(
  appEnv: Record<string, string>,
  port?: number,
  options: { nodeArgs?: string[] } = {},
): Promise<NextServer> {
  const webDir = path.join(repoRoot, "web");
  const nextBin = createRequire(path.join(webDir, "package.json")).resolve("next/dist/bin/next");
  await ensureNextBuild();
  port ??= await freePort();
  let output = "";
  const proc = spawnManaged(
    process.execPath,
    [...(options.nodeArgs ?? []), nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"],
    {
      cwd: webDir,
      env: {
        PATH: env.PATH,
        NODE_ENV: "test",
        NEXT_TELEMETRY_DISABLED: "1",
        SWITCHYARD_NEXT_DIST_DIR: E2E_DIST_DIR,
        NEXTAUTH_URL: appEnv.SWITCHYARD_PUBLIC_URL ?? `http://127.0.0.1:${port}`,
        ...appEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  proc.child.stdout?.on("data", (d: Buffer) => (output += d));
  proc.child.stderr?.on("data", (d: Buffer) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/api/health`, 90_000, () => proc.child.exitCode === null);
  } catch (err) {
    await proc.stop();
    throw new Error(`${(err as Error).message}\n--- next output ---\n${output}`);
  }
  return { url, pid: proc.child.pid, output: () => output, stop: () => proc.stop() };
}
