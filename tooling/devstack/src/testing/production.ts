// The production build and `npm start`, for tests that run Switchyard as it is deployed: the web
// app's test build (next-build.ts) and a worker built into a folder of the caller's, each started by
// the launcher (scripts/start.js) as its own process.
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { env, repoRoot } from "../env";
import { spawnManaged, waitForHttp, type Managed } from "../process";
import { freePort } from "../ports";
import { E2E_DIST_DIR, ensureNextBuild } from "./next-build";
import { testTemporalConfig, uniqueTaskQueue } from "./temporal";

const TEST_BUILDS = ".dist-test";

export interface WorkerBuild {
  /** Relative to workflows/, as SWITCHYARD_WORKER_DIST_DIR takes it. */
  distDir: string;
  remove(): Promise<void>;
}

/**
 * Builds the worker (`npm run build`'s worker half) into a scratch folder of the caller's, inside
 * workflows/ (git-ignored), where the npm packages it leaves out resolve as they do from dist/.
 */
export async function buildWorker(): Promise<WorkerBuild> {
  const parent = path.join(repoRoot, "workflows", TEST_BUILDS);
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(path.join(parent, "worker-"));
  const tsx = path.join(repoRoot, "node_modules/tsx/dist/cli.mjs");
  const proc = spawnManaged(process.execPath, [tsx, "scripts/build.ts", dir], {
    cwd: path.join(repoRoot, "workflows"),
    env: { PATH: env.PATH, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  proc.child.stdout?.on("data", (d: Buffer) => (output += d));
  proc.child.stderr?.on("data", (d: Buffer) => (output += d));
  const code = await proc.exited;
  if (code !== 0) throw new Error(`the worker build failed (exit ${code})\n${output}`);
  return {
    distDir: path.relative(path.join(repoRoot, "workflows"), dir),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface ProductionProcess extends Managed {
  output(): string;
}

/**
 * `npm start -- --role <role>` with exactly `appEnv` (plus PATH), from the web test build and `build`.
 * Waits for `readyUrl`, if given, to answer 200 (each of them, for `--role all`). `node` is the
 * Node.js binary it runs on.
 */
export async function startProduction(
  role: "web" | "worker" | "all",
  appEnv: Record<string, string>,
  options: { build: WorkerBuild; readyUrl?: string | string[]; node?: string },
): Promise<ProductionProcess> {
  if (role !== "worker") await ensureNextBuild();
  let output = "";
  const proc = spawnManaged(
    options.node ?? process.execPath,
    [path.join(repoRoot, "scripts/start.js"), "--role", role],
    {
      cwd: repoRoot,
      env: {
        PATH: env.PATH,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        SWITCHYARD_NEXT_DIST_DIR: E2E_DIST_DIR,
        SWITCHYARD_WORKER_DIST_DIR: options.build.distDir,
        ...appEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  proc.child.stdout?.on("data", (d: Buffer) => (output += d));
  proc.child.stderr?.on("data", (d: Buffer) => (output += d));
  const alive = () => proc.child.exitCode === null && proc.child.signalCode === null;
  if (options.readyUrl)
    try {
      for (const url of [options.readyUrl].flat()) await waitForHttp(url, 90_000, alive, (status) => status === 200);
    } catch (err) {
      await proc.stop();
      throw new Error(`${(err as Error).message}\n--- ${role} output ---\n${output}`);
    }
  return { ...proc, output: () => output };
}

export interface ProductionStack {
  webUrl: string;
  workerHealthUrl: string;
  web: ProductionProcess;
  worker: ProductionProcess;
  /** The environment both were started with, for starting more like them. */
  appEnv: Record<string, string>;
  stop(): Promise<void>;
}

/** Web and a worker, each `npm start -- --role …` of its own, on a private task queue, ready when this returns. */
export async function startProductionStack(options: {
  databaseUrl: string;
  build: WorkerBuild;
  node?: string;
}): Promise<ProductionStack> {
  const [webPort, healthPort] = [await freePort(), await freePort()];
  const webUrl = `http://127.0.0.1:${webPort}`;
  const workerHealthUrl = `http://127.0.0.1:${healthPort}`;
  const temporal = testTemporalConfig(uniqueTaskQueue("production"));
  const appEnv = {
    DATABASE_URL: options.databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: temporal.taskQueue,
    SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    SWITCHYARD_SECRET: randomBytes(32).toString("hex"),
    SWITCHYARD_PUBLIC_URL: webUrl,
    // Tests' outside APIs are loopback fakes, which the SSRF guard refuses.
    SWITCHYARD_SSRF_GUARD: "off",
    PORT: String(webPort),
    SWITCHYARD_WEB_HOST: "127.0.0.1",
    SWITCHYARD_WORKER_HEALTH_PORT: String(healthPort),
  };
  const started = await Promise.allSettled([
    startProduction("web", appEnv, { ...options, readyUrl: `${webUrl}/readyz` }),
    startProduction("worker", appEnv, { ...options, readyUrl: `${workerHealthUrl}/readyz` }),
  ]);
  const [web, worker] = started.map((s) => (s.status === "fulfilled" ? s.value : undefined));
  if (!web || !worker) {
    await Promise.all([web?.stop(), worker?.stop()]);
    throw started.find((s) => s.status === "rejected")!.reason;
  }
  return {
    webUrl,
    workerHealthUrl,
    web,
    worker,
    appEnv,
    stop: async () => {
      await Promise.all([web.stop(), worker.stop()]);
    },
  };
}

/** Posts to a webhook and waits, through the runs API, for the run it starts to finish; returns the run. */
export async function runWebhook(
  stack: Pick<ProductionStack, "webUrl" | "worker">,
  hook: { hookToken: string; apiToken: string },
  body: unknown,
): Promise<Record<string, any>> {
  const res = await fetch(`${stack.webUrl}/hooks/${hook.hookToken}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== 202) throw new Error(`the webhook answered ${res.status}: ${await res.text()}`);
  const { runId } = (await res.json()) as { runId: string };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answer = await fetch(`${stack.webUrl}/api/v1/runs/${runId}`, {
      headers: { authorization: `Bearer ${hook.apiToken}` },
    });
    const run = (await answer.json()) as Record<string, any>;
    if (!["queued", "running"].includes(run.status)) return run;
    if (Date.now() > deadline)
      throw new Error(`run ${runId} still ${run.status}\n--- worker ---\n${stack.worker.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
