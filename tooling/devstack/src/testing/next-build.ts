// One production build of the web app for every web test file of a run (and the bench): the first file to
// need it builds under a lock, later files (and later runs, while no source changed) reuse it.
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { inject } from "vitest";
import { env, repoRoot } from "../env";
import { spawnManaged } from "../process";
import "./provided";

const webDir = path.join(repoRoot, "web");
/** Relative to web/, under a folder git already ignores. */
export const E2E_DIST_DIR = ".next-test/e2e";
const distPath = path.join(webDir, E2E_DIST_DIR);
const lockPath = `${distPath}.lock`;

/** What the build reads: web's sources and the workspace packages it compiles (tests and screenshots aside). */
const SOURCES = ["web", "connectors/src", "workflows/src", "prisma/src"].map((dir) => path.join(repoRoot, dir));
const SKIPPED = new Set(["node_modules", ".next", ".next-test", ".turbo", "e2e", "e2e-screenshots", "generated"]);

async function newestSource(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const times = await Promise.all(
    entries.map(async (e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return SKIPPED.has(e.name) ? 0 : newestSource(full);
      if (e.name.endsWith(".test.ts") || e.name.endsWith(".tsbuildinfo") || e.name === "next-env.d.ts") return 0;
      return (await stat(full)).mtimeMs;
    }),
  );
  return Math.max(0, ...times);
}

/** This vitest run's name (its template database), or undefined outside vitest (`npm run bench`). */
function testRun(): string | undefined {
  try {
    return inject("databaseTemplate");
  } catch {
    return undefined;
  }
}

/** Names the build a test run made or checked: other files of the same run reuse it without looking. */
const runStamp = path.join(path.dirname(distPath), "e2e.run");

async function isFresh(): Promise<boolean> {
  const built = await stat(path.join(distPath, "BUILD_ID")).catch(() => null);
  if (!built) return false;
  if (env.SWITCHYARD_E2E_BUILD === "reuse") return true;
  // Rebuilding under a server another file of this run still serves would break it, so a run builds at most once.
  const run = testRun();
  if (run && (await readFile(runStamp, "utf8").catch(() => "")) === run) return true;
  const newest = Math.max(...(await Promise.all(SOURCES.map((dir) => newestSource(dir)))));
  return built.mtimeMs > newest;
}

/** Whether the run holding the lock is still alive (it wrote its pid into the lock), else the lock is left over. */
async function holderAlive(): Promise<boolean> {
  const pid = Number(await readFile(path.join(lockPath, "pid"), "utf8").catch(() => ""));
  if (!pid) {
    // Just taken, the pid not written yet; a lock older than a build could take is a crashed run's.
    const held = await stat(lockPath).catch(() => null);
    return !held || Date.now() - held.mtimeMs < 15 * 60_000;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** mkdir is atomic: whoever creates the folder holds the lock. */
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  await mkdir(path.dirname(lockPath), { recursive: true });
  for (;;) {
    try {
      await mkdir(lockPath);
      await writeFile(path.join(lockPath, "pid"), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      if (!(await holderAlive())) await rm(lockPath, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockPath, { recursive: true, force: true });
  }
}

async function build(): Promise<void> {
  const nextBin = createRequire(path.join(webDir, "package.json")).resolve("next/dist/bin/next");
  const proc = spawnManaged(process.execPath, [nextBin, "build"], {
    cwd: webDir,
    env: {
      PATH: env.PATH,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      SWITCHYARD_NEXT_DIST_DIR: E2E_DIST_DIR,
      // `npm run typecheck` checks types for the whole repo; the test build need not again.
      SWITCHYARD_NEXT_SKIP_TYPECHECK: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  proc.child.stdout?.on("data", (d: Buffer) => (output += d));
  proc.child.stderr?.on("data", (d: Buffer) => (output += d));
  const code = await proc.exited;
  if (code !== 0) throw new Error(`next build failed (exit ${code})\n${output}`);
}

/** Builds the web app for production into E2E_DIST_DIR unless a build newer than every source is there. */
export async function ensureNextBuild(log: (m: string) => void = console.log): Promise<void> {
  await withLock(async () => {
    if (!(await isFresh())) {
      const started = Date.now();
      log(`[next build] building the web app into web/${E2E_DIST_DIR}`);
      await build();
      log(`[next build] took ${Math.round((Date.now() - started) / 1000)} s`);
    }
    const run = testRun();
    if (run) await writeFile(runStamp, run);
  });
}
