// `npm run dev` on a machine without PostgreSQL: it comes up on the embedded server (and
// its mail catcher answers), the demo webhook's run succeeds, and a second start finds
// the same data. The real script, with every port free and its own data folder;
// "no PostgreSQL" is a local address where nothing listens.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inheritedEnv, repoRoot } from "./env";
import { spawnManaged, type Managed } from "./process";
import { freePort } from "./ports";

interface DevStack {
  proc: Managed;
  output: () => string;
  webUrl: string;
}

/** Generous: two `next dev` compiles and an initdb on a loaded 2-core machine. */
const UP_WITHIN_MS = 240_000;

let dataDir: string;
let ports: { web: number; temporal: number; temporalUi: number };
const running = new Set<Managed>();

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "switchyard-dev-"));
  // As root the embedded server runs as `postgres`, which must reach its cluster in here.
  await chmod(dataDir, 0o755);
  ports = { web: await freePort(), temporal: await freePort(), temporalUi: await freePort() };
});
afterAll(async () => {
  await Promise.all([...running].map((p) => p.stop(60_000)));
  await rm(dataDir, { recursive: true, force: true });
});

async function startDev(): Promise<DevStack> {
  const proc = spawnManaged(
    process.execPath,
    ["--import", "tsx", path.join(repoRoot, "tooling/devstack/src/dev.ts")],
    {
      cwd: repoRoot,
      env: {
        ...inheritedEnv,
        DATABASE_URL: "",
        SWITCHYARD_LOCAL_DATABASE_URL: "postgresql://postgres@127.0.0.1:1/switchyard",
        SWITCHYARD_DATA_DIR: dataDir,
        PORT: String(ports.web),
        TEMPORAL_PORT: String(ports.temporal),
        TEMPORAL_UI_PORT: String(ports.temporalUi),
        SWITCHYARD_NEXT_DIST_DIR: `.next-test/dev-${ports.web}`,
        // Empty counts as unset: the stack catches mail locally whatever the caller's SMTP_URL.
        SMTP_URL: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
    // Ctrl-C reaches the script, which stops its children in order.
    { signal: "SIGINT", to: "leader" },
  );
  running.add(proc);
  let output = "";
  proc.child.stdout?.on("data", (d: Buffer) => (output += d));
  proc.child.stderr?.on("data", (d: Buffer) => (output += d));
  const deadline = Date.now() + UP_WITHIN_MS;
  while (!output.includes("Switchyard is up:")) {
    if (proc.child.exitCode !== null) throw new Error(`npm run dev exited ${proc.child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm run dev did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { proc, output: () => output, webUrl: `http://127.0.0.1:${ports.web}` };
}

async function stopDev(stack: DevStack): Promise<void> {
  await stack.proc.stop(60_000);
  running.delete(stack.proc);
}

const credentialsIn = (output: string) => ({
  hookToken: /\/hooks\/(\S+) /.exec(output)![1]!,
  apiToken: /Bearer ([^']+)'/.exec(output)![1]!,
});

async function runOf(webUrl: string, apiToken: string, runId: string): Promise<{ status: string }> {
  const res = await fetch(`${webUrl}/api/v1/runs/${runId}`, { headers: { authorization: `Bearer ${apiToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as { status: string };
}

const started = (stack: DevStack, name: string) =>
  [...stack.output().matchAll(new RegExp(`\\[dev\\] ${name} started \\(pid (\\d+)\\)`, "g"))].map((m) => Number(m[1]));

/** SIGKILLs the worker: the supervisor restarts it after its backoff, and web, never restarted, serves throughout. */
async function crashTheWorker(stack: DevStack): Promise<void> {
  const [worker] = started(stack, "worker");
  process.kill(worker!, "SIGKILL");
  await expect.poll(() => started(stack, "worker").length, { timeout: 60_000, interval: 250 }).toBe(2);
  expect(stack.output()).toMatch(/\[dev\] worker exited \(signal SIGKILL\); restarting in 1 s/);
  expect((await fetch(`${stack.webUrl}/api/health`)).status).toBe(200);
  expect(started(stack, "web")).toHaveLength(1);
}

/** Two starts, each allowed UP_WITHIN_MS, and the runs between them. */
const TEST_TIMEOUT_MS = 3 * UP_WITHIN_MS;

describe("npm run dev without PostgreSQL", { timeout: TEST_TIMEOUT_MS }, () => {
  it("starts the embedded server, restarts a crashed worker while web serves, and keeps its data", async () => {
    const first = await startDev();
    expect(first.output()).toMatch(/embedded PostgreSQL up in/);
    const mailPage = /^\s+Mail\s+(http:\S+)/m.exec(first.output())![1]!;
    expect((await fetch(`${mailPage}/messages.json`)).status).toBe(200);
    const { hookToken, apiToken } = credentialsIn(first.output());
    await crashTheWorker(first);
    const hook = await fetch(`${first.webUrl}/hooks/${hookToken}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ hello: "world" }),
    });
    expect(hook.status).toBe(202);
    const { runId } = (await hook.json()) as { runId: string };
    await expect
      .poll(async () => (await runOf(first.webUrl, apiToken, runId)).status, { timeout: 120_000, interval: 500 })
      .toBe("succeeded");
    const postgresUrl = /PostgreSQL\s+(\S+)/.exec(first.output())![1];
    await stopDev(first);
    // Ctrl-C stopped the embedded server too.
    expect(existsSync(path.join(dataDir, "postgres", "cluster", "postmaster.pid"))).toBe(false);

    const second = await startDev();
    expect(/PostgreSQL\s+(\S+)/.exec(second.output())![1]).toBe(postgresUrl);
    expect(credentialsIn(second.output())).toEqual({ hookToken, apiToken });
    expect(await runOf(second.webUrl, apiToken, runId)).toMatchObject({ status: "succeeded" });
    await stopDev(second);
  });
});
