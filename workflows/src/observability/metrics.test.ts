// The worker's /metrics, scraped over HTTP while real runs go through: counters move by the run.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@switchyard/db";
import {
  clientThrough,
  prepareWorkflow,
  startProxyFor,
  useEngine,
  useTestDatabase,
  type TcpProxy,
} from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetricsHandler, watchOutboxDepth } from "./metrics";

const t = useTestDatabase();
const h = useEngine(t, "metrics");

const servers: Server[] = [];
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}
// The outbox is counted through a proxy the test can cut, as an outage would.
let proxy: TcpProxy;
let viaProxy: Db;
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await viaProxy?.$disconnect();
  await proxy?.close();
});

let metricsUrl: string;
beforeAll(async () => {
  proxy = await startProxyFor(t.url);
  viaProxy = clientThrough(proxy, t.url);
  watchOutboxDepth(viaProxy);
  // Stands in for the Temporal SDK's own exporter (SWITCHYARD_TEMPORAL_METRICS_ADDRESS).
  const sdk = await serve((_req, res) => res.end("temporal_worker_task_slots_available 7\n"));
  metricsUrl = `http://${await serve(createMetricsHandler({ temporalMetricsAddress: sdk }))}/metrics`;
});

async function scrape(): Promise<string> {
  const res = await fetch(metricsUrl);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
  return res.text();
}

/** A sample's value; 0 when the series does not exist yet. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m?.[1] !== name) continue;
    const have = m[2]?.split(",") ?? [];
    if (wanted.every((w) => have.includes(w))) return Number(m[3]);
  }
  return 0;
}

describe("worker metrics", () => {
  it("a run moves the run, step and outbox metrics; the SDK's metrics come along", async () => {
    h.sink.on("/ok", { echo: true });
    const wf = await prepareWorkflow(t.db, h.engine, {
      steps: [{ id: "call", uses: "http.request", with: { url: `${h.sink.url}/ok`, method: "POST" } }],
    });
    const workflow = wf.seeded.workflowId;
    const before = await scrape();
    const { status } = await wf.finish(await wf.start());
    expect(status).toBe("succeeded");

    const after = await scrape();
    const moved = (name: string, labels?: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(moved("switchyard_runs_completed_total", { workflow, status: "succeeded" })).toBe(1);
    expect(moved("switchyard_runs_started_total", { workflow })).toBe(1);
    expect(moved("switchyard_runs_failed_total", { workflow })).toBe(0);
    expect(moved("switchyard_step_duration_seconds_count", { operation: "http.request" })).toBe(1);
    expect(after).toMatch(/^switchyard_outbox_depth \d+$/m);
    expect(after).toMatch(/^# TYPE switchyard_step_cache_hits_total counter$/m);
    expect(after).toMatch(/^switchyard_process_cpu_seconds_total /m);
    expect(sample(after, "temporal_worker_task_slots_available")).toBe(7);
  });

  it("with a token, answers only its bearer", async () => {
    const token = "t".repeat(32);
    const url = `http://${await serve(createMetricsHandler({ token }))}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${"u".repeat(32)}` } })).status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/^switchyard_outbox_depth /m);
  });

  it("still answers while the outbox cannot be counted: the depth reads NaN", async () => {
    proxy.cut();
    try {
      const text = await scrape();
      // prom-client writes NaN as "Nan"; Prometheus reads any case.
      expect(text).toMatch(/^switchyard_outbox_depth nan$/im);
      expect(text).toMatch(/^switchyard_process_cpu_seconds_total /m);
    } finally {
      proxy.restore();
    }
    await expect.poll(scrape, { timeout: 30_000 }).toMatch(/^switchyard_outbox_depth \d+$/m);
  });
});
