import { createRequire } from "node:module";
import path from "node:path";
import { env, repoRoot } from "../env";
import { freePort } from "../ports";
import { spawnManaged, waitForHttp } from "../process";
import { E2E_DIST_DIR, ensureNextBuild } from "./next-build";

export interface NextServer {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * How the app runs: `next dev` (compiles each route on its first request), or `next start` on the
 * production build shared by the browser tests (built once, see next-build.ts). The production
 * build runs with NODE_ENV=test: the development login, which the browser tests sign in with, is
 * refused when NODE_ENV is "production".
 */
const MODES = {
  dev: { command: "dev", nodeEnv: "development", distDir: (port: number) => `.next-test/${port}` },
  production: { command: "start", nodeEnv: "test", distDir: () => E2E_DIST_DIR },
} as const;

/**
 * Runs the real web app with the given environment, on `port` if given (when the environment must
 * name the app's own URL, e.g. SWITCHYARD_PUBLIC_URL), else on a free one.
 */
export async function startNextServer(
  appEnv: Record<string, string>,
  port?: number,
  { mode = "dev" }: { mode?: keyof typeof MODES } = {},
): Promise<NextServer> {
  const webDir = path.join(repoRoot, "web");
  const nextBin = createRequire(path.join(webDir, "package.json")).resolve("next/dist/bin/next");
  if (mode === "production") await ensureNextBuild();
  const how = MODES[mode];
  port ??= await freePort();
  let output = "";
  const proc = spawnManaged(
    process.execPath,
    [nextBin, how.command, "--port", String(port), "--hostname", "127.0.0.1"],
    {
      cwd: webDir,
      env: {
        PATH: env.PATH,
        NODE_ENV: how.nodeEnv,
        NEXT_TELEMETRY_DISABLED: "1",
        SWITCHYARD_NEXT_DIST_DIR: how.distDir(port),
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
  return { url, output: () => output, stop: () => proc.stop() };
}
