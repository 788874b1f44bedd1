import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import { env, repoRoot } from "../env";
import { spawnManaged, waitForHttp } from "../process";

export interface NextServer {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** A port nothing listens on now, for a server a test starts. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Runs the real web app (`next dev`) with the given environment, on `port` if given (when the
 * environment must name the app's own URL, e.g. SWITCHYARD_PUBLIC_URL), else on a free one.
 */
export async function startNextServer(appEnv: Record<string, string>, port?: number): Promise<NextServer> {
  const webDir = path.join(repoRoot, "web");
  const nextBin = createRequire(path.join(webDir, "package.json")).resolve("next/dist/bin/next");
  port ??= await freePort();
  let output = "";
  const proc = spawnManaged(process.execPath, [nextBin, "dev", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: webDir,
    env: {
      PATH: env.PATH,
      NODE_ENV: "development",
      NEXT_TELEMETRY_DISABLED: "1",
      SWITCHYARD_NEXT_DIST_DIR: `.next-test/${port}`,
      ...appEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
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
