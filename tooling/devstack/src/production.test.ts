// Production mode as deployed: web and worker each started by `npm start -- --role …` from the production
// build, as separate processes, against the test run's Temporal dev server and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildWorker,
  freePort,
  runWebhook,
  seedWorkflow,
  startProduction,
  startProductionStack,
  startSink,
  useTestDatabase,
  type ProductionStack,
  type Sink,
  type WorkerBuild,
} from "./testing";

const t = useTestDatabase();
let build: WorkerBuild;
let sink: Sink;
let stack: ProductionStack;

beforeAll(async () => {
  sink = await startSink();
  sink.on("/step", { echo: true });
  build = await buildWorker();
  stack = await startProductionStack({ databaseUrl: t.url, build });
}, 300_000);

afterAll(async () => {
  await Promise.all([stack?.stop(), sink?.close()]);
  await build?.remove();
});

describe("npm start from the production build", () => {
  it("runs a webhook's run through web and worker, each its own process", async () => {
    const wf = await seedWorkflow(t.db, {
      name: "Production",
      trigger: { type: "webhook" },
      steps: [
        {
          id: "a",
          uses: "http.request",
          with: { url: `${sink.url}/step`, method: "POST", body: "{{ trigger.body }}" },
        },
      ],
    });
    const run = await runWebhook(stack, wf, { release: "1.2.3" });
    expect(run).toMatchObject({ status: "succeeded", steps: { a: { status: "succeeded", attempts: 1 } } });
    expect(sink.effects("/step")).toBe(1);
  });

  it("answers liveness and readiness on web and on the worker's health port", async () => {
    for (const base of [stack.webUrl, stack.workerHealthUrl]) {
      const live = await fetch(`${base}/healthz`);
      expect(live.status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect({ status: ready.status, body: await ready.json() }).toEqual({
        status: 200,
        body: { ok: true, database: "up", temporal: "up" },
      });
    }
    expect((await fetch(`${stack.webUrl}/api/health`)).status).toBe(200);
    // The worker's port also serves Prometheus (observability).
    expect(await (await fetch(`${stack.workerHealthUrl}/metrics`)).text()).toContain("switchyard_");
  });

  it("is live but not ready, saying which, while Temporal is down", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const cut = await startProduction(
      "web",
      { ...stack.appEnv, PORT: String(port), TEMPORAL_ADDRESS: "127.0.0.1:1" },
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

  it("starts a traced worker (OTLP configured) from the build's traced bundle", async () => {
    const healthUrl = `http://127.0.0.1:${await freePort()}`;
    const traced = await startProduction(
      "worker",
      {
        ...stack.appEnv,
        SWITCHYARD_WORKER_HEALTH_PORT: new URL(healthUrl).port,
        // Nothing listens there: spans are dropped, which is not this test's concern.
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
      },
      { build, readyUrl: `${healthUrl}/readyz` },
    );
    await traced.stop();
    expect(traced.output()).toContain("worker started");
  });

  it.each([
    ["web", "SWITCHYARD_SECRET"],
    ["worker", "SWITCHYARD_ENCRYPTION_KEY"],
  ] as const)("refuses to start %s without %s, naming it", async (role, variable) => {
    const env: Record<string, string> = {
      ...stack.appEnv,
      PORT: String(await freePort()),
      SWITCHYARD_WORKER_HEALTH_PORT: "0",
    };
    delete env[variable];
    const proc = await startProduction(role, env, { build });
    expect(await proc.exited).not.toBe(0);
    expect(proc.output()).toContain(`${variable}: required when NODE_ENV is production`);
  });
});
