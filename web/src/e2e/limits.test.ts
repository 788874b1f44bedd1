// Size limits at the door and runs that cannot start, through real processes: a
// Next.js server on the default body limit (1 MiB), Temporal with an in-process
// worker, PostgreSQL, and a local HTTP sink.
import {
  seedWorkflow,
  startNextServer,
  testTemporalConfig,
  useEngine,
  useTestDatabase,
  type NextServer,
  type SeededWorkflow,
} from "@switchyard/devstack/testing";
import { relayOnce } from "@switchyard/workflows/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const MAX_BYTES = 1024 * 1024;
const t = useTestDatabase();
const h = useEngine(t, "limits");
let web: NextServer;
let wf: SeededWorkflow;

beforeAll(async () => {
  const temporal = testTemporalConfig(h.taskQueue);
  web = await startNextServer({
    DATABASE_URL: t.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: h.taskQueue,
  });
  wf = await seedWorkflow(t.db, {
    name: "Limits",
    trigger: { type: "webhook" },
    steps: [
      {
        id: "echo",
        uses: "http.request",
        with: { url: `${h.sink.url}/echo`, method: "POST", body: { n: "{{ trigger.body.n }}" } },
      },
    ],
  });
}, 180_000);

afterAll(async () => {
  await web?.stop();
});

const counts = async () => ({
  events: await t.db.event.count(),
  runs: await t.db.run.count(),
  workflows: await t.db.workflow.count(),
  versions: await t.db.workflowVersion.count(),
});
const auth = () => ({ authorization: `Bearer ${wf.apiToken}` });
const hook = (body: BodyInit, type: string) =>
  fetch(`${web.url}/hooks/${wf.hookToken}`, { method: "POST", body, headers: { "content-type": type } });
const trpc = (procedure: string, body: BodyInit) =>
  fetch(`${web.url}/api/trpc/${procedure}`, {
    method: "POST",
    body,
    headers: { ...auth(), "content-type": "application/json" },
    duplex: "half",
  } as RequestInit);

/** Polls until the run has ended; a run that never does is left to the test's timeout. */
async function waitForRun(runId: string): Promise<Record<string, any>> {
  for (;;) {
    const run = await (await fetch(`${web.url}/api/v1/runs/${runId}`, { headers: auth() })).json();
    if (!["queued", "running"].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("webhook events are limited as stored JSON, not only as received", () => {
  it("a 1 MiB form body of control bytes (6 MiB as JSON) gets a precise 413 and writes nothing, so nothing reaches Temporal", async () => {
    const before = await counts();
    const body = new Uint8Array(MAX_BYTES).fill(1);
    body.set(new TextEncoder().encode("n="));

    const res = await hook(body, "application/x-www-form-urlencoded");
    expect(res.status).toBe(413);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: "payload_too_large", details: { limit: MAX_BYTES + 64 * 1024 } });
    expect(error.details.bytes).toBeGreaterThan(6 * (MAX_BYTES - 2));
    expect(error.message).toContain(`${error.details.bytes} bytes as stored JSON`);
    expect(error.message).toContain("a control character takes 6 bytes");
    // A run starts in Temporal only under the id of its stored row: nothing stored, nothing started (a start
    // too large for Temporal once held this answer for about 37 s of client retries).
    expect(await counts()).toEqual(before);
  });

  it("a JSON body whose numbers grow when stored (1e15 → 1000000000000000) gets 413 too", async () => {
    const before = await counts();
    // 25 lists of 8,000, within the input policy's width for webhook bodies.
    const list = `[${Array(8_000).fill("1e15").join(",")}]`;
    const body = `{${Array.from({ length: 25 }, (_, i) => `"l${i}":${list}`).join(",")}}`;
    expect(body.length).toBeLessThan(MAX_BYTES);
    const res = await hook(body, "application/json");
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
    expect(await counts()).toEqual(before);
  });

  it("a form body of control bytes that fits is accepted and runs, started by id since it is too large to inline", async () => {
    const res = await hook(`n=fits&pad=${"\u0001".repeat(100 * 1024)}`, "application/x-www-form-urlencoded");
    expect(res.status).toBe(202);
    const { runId } = await res.json();
    expect((await waitForRun(runId)).status).toBe("succeeded");
    expect(h.sink.calls("/echo").some((c) => JSON.parse(c.body).n === "fits")).toBe(true);
  });
});

describe("tRPC bodies have the REST limit", () => {
  const definition = (pad = "") => ({
    name: "Via tRPC",
    trigger: { type: "webhook" },
    steps: [{ id: "a", uses: "http.request", with: { url: `${h.sink.url}/a`, method: "POST", body: { pad } } }],
  });
  const expectRefused = async (res: Response) => {
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({
      message: `Request body exceeds the limit of ${MAX_BYTES} bytes.`,
      data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 },
    });
  };

  it("workflows.upsert within the limit works", async () => {
    const res = await trpc("workflows.upsert", JSON.stringify({ slug: "via-trpc", definition: definition() }));
    expect(res.status).toBe(200);
    expect((await res.json()).result.data).toMatchObject({ version: 1 });
  });

  it("workflows.upsert over the limit gets 413 and writes nothing, whether its length is declared or not", async () => {
    const before = await counts();
    const big = JSON.stringify({ slug: "too-big", definition: definition("x".repeat(2 * MAX_BYTES)) });
    await expectRefused(await trpc("workflows.upsert", big));
    const chunked = new ReadableStream({
      start(c) {
        for (let i = 0; i < big.length; i += 64 * 1024)
          c.enqueue(new TextEncoder().encode(big.slice(i, i + 64 * 1024)));
        c.close();
      },
    });
    await expectRefused(await trpc("workflows.upsert", chunked));
    expect(await counts()).toEqual(before);
  });

  it("workflows.startRun over the limit gets 413 and starts nothing", async () => {
    const before = await counts();
    await expectRefused(
      await trpc("workflows.startRun", JSON.stringify({ slug: "wf", input: { pad: "x".repeat(2 * MAX_BYTES) } })),
    );
    expect(await counts()).toEqual(before);
  });
});

describe("a run Temporal refused", () => {
  it("shows as failed_to_start in the runs API, the status filter finds it, and it cannot be cancelled", async () => {
    // Temporal refuses workflow ids over 1,000 characters: a real refusal, of this run only.
    const event = await t.db.event.create({
      data: { workspaceId: wf.workspaceId, workflowId: wf.workflowId, source: "test", payload: {} },
    });
    const { id: runId } = await t.db.run.create({
      data: {
        id: `r${"x".repeat(1_100)}`,
        workspaceId: wf.workspaceId,
        workflowId: wf.workflowId,
        versionId: wf.versionId,
        eventId: event.id,
        createdAt: new Date(0),
      },
    });
    const report = await relayOnce(t.db, h.engine, { graceMs: 0, batchSize: 100 });
    expect(report.failures).toEqual([{ runId, outcome: "failed_to_start", error: expect.any(String) }]);

    const got = await fetch(`${web.url}/api/v1/runs/${runId}`, { headers: auth() });
    expect(await got.json()).toMatchObject({
      id: runId,
      status: "failed_to_start",
      steps: { echo: { status: "pending" } },
    });
    const list = await (await fetch(`${web.url}/api/v1/runs?status=failed_to_start`, { headers: auth() })).json();
    expect(list.items.map((r: { id: string }) => r.id)).toEqual([runId]);
    const cancel = await fetch(`${web.url}/api/v1/runs/${runId}/cancel`, { method: "POST", headers: auth() });
    expect(cancel.status).toBe(409);
    expect(await t.db.alert.count({ where: { runId, kind: "run_failed_to_start" } })).toBe(1);
  });
});
