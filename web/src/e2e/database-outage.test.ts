// A PostgreSQL outage as the web app lives it: its DATABASE_URL goes through a
// loopback proxy the test cuts. While cut, webhooks, REST and tRPC answer 503
// with Retry-After and store nothing; restored, the same webhook is accepted.
import {
  seedWorkflow,
  startNextServer,
  startProxyFor,
  testTemporalConfig,
  uniqueTaskQueue,
  useTestDatabase,
  type NextServer,
  type SeededWorkflow,
  type TcpProxy,
} from "@switchyard/devstack/testing";
import { afterAll, beforeAll, expect, it, vi } from "vitest";

const t = useTestDatabase();
let proxy: TcpProxy;
let web: NextServer;
let wf: SeededWorkflow;

const DELIVERY = { delivery: "sent during the outage" };

const hook = (token = wf.hookToken) =>
  fetch(`${web.url}/hooks/${token}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(DELIVERY),
  });
const rest = () => fetch(`${web.url}/api/v1/runs`, { headers: { authorization: `Bearer ${wf.apiToken}` } });
const trpc = () =>
  fetch(`${web.url}/api/trpc/runs.list?input=${encodeURIComponent("{}")}`, {
    headers: { authorization: `Bearer ${wf.apiToken}` },
  });

/** A browser page of the OAuth2 flow: it reads the attempt from the database first. */
const oauthPage = () => fetch(`${web.url}/api/v1/oauth/begin?attempt=no-such-attempt`);

/** Runs stored for DELIVERY, read straight from PostgreSQL (not through the proxy). */
const storedRuns = () =>
  t.db.run.count({
    where: { workflowId: wf.workflowId, event: { payload: { path: ["body", "delivery"], equals: DELIVERY.delivery } } },
  });

/** Ceilings for a loaded 2-core machine, not expectations of speed. */
const WAIT = { timeout: 60_000, interval: 250 };

beforeAll(async () => {
  proxy = await startProxyFor(t.url);
  const temporal = testTemporalConfig(uniqueTaskQueue("outage"));
  [web, wf] = await Promise.all([
    startNextServer({
      DATABASE_URL: proxy.urlThrough(t.url),
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: temporal.taskQueue,
    }),
    seedWorkflow(t.db, {
      name: "Outage",
      trigger: { type: "webhook" },
      steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }],
    }),
  ]);
  // Each route is served once before the cut, so the pool holds open connections for the cut to
  // drop, as an outage does.
  expect((await hook("not-a-real-token")).status).toBe(404);
  expect((await rest()).status).toBe(200);
  expect((await trpc()).status).toBe(200);
  expect((await oauthPage()).status).toBeGreaterThanOrEqual(400);
}, 180_000);

afterAll(async () => {
  await web?.stop();
  await proxy?.close();
});

it("answers 503 with Retry-After while the database is unreachable, stores nothing, and accepts the same webhook once it is back", async () => {
  proxy.cut();
  await vi.waitFor(async () => {
    const health = await fetch(`${web.url}/api/health`);
    expect({ status: health.status, database: (await health.json()).database }).toEqual({
      status: 503,
      database: "down",
    });
  }, WAIT);

  for (const [name, send] of [
    ["webhook", () => hook()],
    ["REST", rest],
    ["tRPC", trpc],
  ] as const) {
    const res = await send();
    expect(res.status, name).toBe(503);
    expect(Number(res.headers.get("retry-after")), name).toBeGreaterThan(0);
    const { error } = await res.json();
    expect(name === "tRPC" ? error.data.apiCode : error.code, name).toBe("database_unavailable");
    expect(error.message, name).toMatch(/not processed/);
  }
  // People reach the OAuth2 pages in a browser: an HTML page, but the same status and Retry-After.
  const page = await oauthPage();
  expect(page.status).toBe(503);
  expect(Number(page.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(await page.text()).toMatch(/not processed/);
  expect(await storedRuns()).toBe(0);

  proxy.restore();
  // As a sender honouring Retry-After would: the same delivery again until it is accepted.
  const accepted = await vi.waitFor(async () => {
    const res = await hook();
    expect(res.status).toBe(202);
    return (await res.json()) as { runId: string };
  }, WAIT);
  expect(await t.db.run.findUnique({ where: { id: accepted.runId }, select: { id: true } })).toEqual({
    id: accepted.runId,
  });
  // Exactly one: the refused delivery left nothing behind.
  expect(await storedRuns()).toBe(1);
});
