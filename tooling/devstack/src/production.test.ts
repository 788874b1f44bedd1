// Production mode as deployed: web and worker each started by `npm start -- --role …` from the production
// build, as separate processes, against the test run's Temporal dev server and PostgreSQL.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildWorker,
  freePort,
  seedWorkflow,
  startProduction,
  startSink,
  testTemporalConfig,
  uniqueTaskQueue,
  useTestDatabase,
  type ProductionProcess,
  type SeededWorkflow,
  type Sink,
  type WorkerBuild,
} from "./testing";

const t = useTestDatabase();
let build: WorkerBuild;
let sink: Sink;
let web: ProductionProcess;
let worker: ProductionProcess;
let webUrl: string;
let workerHealthUrl: string;
let wf: SeededWorkflow;
let appEnv: Record<string, string>;

beforeAll(async () => {
  sink = await startSink();
  sink.on("/step", { echo: true });
  const [webPort, healthPort] = [await freePort(), await freePort()];
  webUrl = `http://127.0.0.1:${webPort}`;
  workerHealthUrl = `http://127.0.0.1:${healthPort}`;
  const temporal = testTemporalConfig(uniqueTaskQueue("production"));
  appEnv = {
    DATABASE_URL: t.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: temporal.taskQueue,
    SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    SWITCHYARD_SECRET: randomBytes(32).toString("hex"),
    SWITCHYARD_PUBLIC_URL: webUrl,
    // The sink is on loopback, which the SSRF guard refuses.
    SWITCHYARD_SSRF_GUARD: "off",
    PORT: String(webPort),
    SWITCHYARD_WEB_HOST: "127.0.0.1",
    SWITCHYARD_WORKER_HEALTH_PORT: String(healthPort),
  };
  build = await buildWorker();
  [web, worker] = await Promise.all([
    startProduction("web", appEnv, { build, readyUrl: `${webUrl}/readyz` }),
    startProduction("worker", appEnv, { build, readyUrl: `${workerHealthUrl}/readyz` }),
  ]);
  wf = await seedWorkflow(t.db, {
    name: "Production",
    trigger: { type: "webhook" },
    steps: [
      { id: "a", uses: "http.request", with: { url: `${sink.url}/step`, method: "POST", body: "{{ trigger.body }}" } },
    ],
  });
}, 240_000);

afterAll(async () => {
  await Promise.all([web?.stop(), worker?.stop(), sink?.close()]);
  await build?.remove();
});

async function waitForRun(runId: string): Promise<Record<string, any>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${webUrl}/api/v1/runs/${runId}`, { headers: { authorization: `Bearer ${wf.apiToken}` } });
    const run = (await res.json()) as Record<string, any>;
    if (!["queued", "running"].includes(run.status)) return run;
    if (Date.now() > deadline)
      throw new Error(`run ${runId} still ${run.status}\n--- worker ---\n${worker.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("npm start from the production build", () => {
  it("runs a webhook's run through web and worker, each its own process", async () => {
    const res = await fetch(`${webUrl}/hooks/${wf.hookToken}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ release: "1.2.3" }),
    });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    const run = await waitForRun(runId);
    expect(run).toMatchObject({ status: "succeeded", steps: { a: { status: "succeeded", attempts: 1 } } });
    expect(sink.effects("/step")).toBe(1);
  });

  it("answers liveness and readiness on web and on the worker's health port", async () => {
    for (const base of [webUrl, workerHealthUrl]) {
      const live = await fetch(`${base}/healthz`);
      expect(live.status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect({ status: ready.status, body: await ready.json() }).toEqual({
        status: 200,
        body: { ok: true, database: "up", temporal: "up" },
      });
    }
    expect((await fetch(`${webUrl}/api/health`)).status).toBe(200);
  });

  it("is live but not ready, saying which, while Temporal is down", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const cut = await startProduction(
      "web",
      { ...appEnv, PORT: String(port), TEMPORAL_ADDRESS: "127.0.0.1:1" },
      { build, readyUrl: `${url}/healthz` },
    );
    try {
      const ready = await fetch(`${url}/readyz`);
      expect({ status: ready.status, body: await ready.json() }).toEqual({
        status: 503,
        body: { ok: false, database: "up", temporal: "down" },
      });
    } finally {
      await cut.stop();
    }
  });

  it.each([
    ["web", "SWITCHYARD_SECRET"],
    ["worker", "SWITCHYARD_ENCRYPTION_KEY"],
  ] as const)("refuses to start %s without %s, naming it", async (role, variable) => {
    const env: Record<string, string> = {
      ...appEnv,
      PORT: String(await freePort()),
      SWITCHYARD_WORKER_HEALTH_PORT: "0",
    };
    delete env[variable];
    const proc = await startProduction(role, env, { build });
    expect(await proc.exited).not.toBe(0);
    expect(proc.output()).toContain(`${variable}: required when NODE_ENV is production`);
  });
});
