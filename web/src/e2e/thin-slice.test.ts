// The foundation's thin slice through real processes: a Next.js server, a
// Temporal dev server with an in-process worker, PostgreSQL, and a local HTTP sink.
import {
  connectTestEngine,
  overlapped,
  seedWorkflow,
  startNextServer,
  startSink,
  startTestWorker,
  testTemporalConfig,
  uniqueTaskQueue,
  useTestDatabase,
  type NextServer,
  type SeededWorkflow,
  type Sink,
} from "@switchyard/devstack/testing";
import { relayOnce, type EngineClient } from "@switchyard/workflows/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const MAX_BYTES = 4096;
const t = useTestDatabase();
const taskQueue = uniqueTaskQueue("thin-slice");
let sink: Sink;
let web: NextServer;
/** Same app, but its Temporal address is a closed port. */
let webWithoutTemporal: NextServer;
let engine: EngineClient;
let stopWorker: () => Promise<void>;
let wf: SeededWorkflow;

const definition = () => ({
  name: "Thin slice",
  trigger: { type: "webhook" },
  steps: [
    { id: "a", uses: "http.request", with: { url: `${sink.url}/a`, method: "POST", body: { from: "a" } } },
    { id: "b", uses: "http.request", with: { url: `${sink.url}/b`, method: "POST", body: { from: "b" } } },
    { id: "join", uses: "http.request", needs: ["a", "b"], with: { url: `${sink.url}/join`, method: "POST" } },
  ],
});

beforeAll(async () => {
  sink = await startSink();
  sink.on("/a", { delayMs: 500 });
  sink.on("/b", { delayMs: 500 });
  const temporal = testTemporalConfig(taskQueue);
  const appEnv = {
    DATABASE_URL: t.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SWITCHYARD_WEBHOOK_MAX_BYTES: String(MAX_BYTES),
  };
  [web, webWithoutTemporal, stopWorker, engine] = await Promise.all([
    startNextServer(appEnv),
    startNextServer({ ...appEnv, TEMPORAL_ADDRESS: "127.0.0.1:1" }),
    startTestWorker({ db: t.db, taskQueue }).then((w) => w.stop),
    connectTestEngine(taskQueue),
  ]);
  wf = await seedWorkflow(t.db, definition());
}, 180_000);

afterAll(async () => {
  await Promise.all([web?.stop(), webWithoutTemporal?.stop(), stopWorker?.(), engine?.close(), sink?.close()]);
});

const post = (
  path: string,
  body: BodyInit | null,
  headers: Record<string, string> = { "content-type": "application/json" },
) => fetch(`${web.url}${path}`, { method: "POST", body, headers, duplex: "half" } as RequestInit);

/** A workflow of one pure step, in a workspace of its own (its slug is its name). */
const seedOwn = (name: string, trigger: object = { type: "webhook" }) =>
  seedWorkflow(
    t.db,
    { name, trigger, steps: [{ id: "a", uses: "core.transform", with: { value: "{{ trigger.body }}" } }] },
    name,
    `ws-${name}-${Date.now()}`,
  );

const getRun = (runId: string, token = wf.apiToken) =>
  fetch(`${web.url}/api/v1/runs/${runId}`, { headers: { authorization: `Bearer ${token}` } });

async function waitForRun(runId: string): Promise<Record<string, any>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const run = await (await getRun(runId)).json();
    if (!["queued", "running"].includes(run.status)) return run;
    if (Date.now() > deadline)
      throw new Error(
        `run ${runId} still ${run.status}; web output:\n${web
          .output()
          .split("\n")
          .filter((l) => !l.startsWith(" GET "))
          .join("\n")
          .slice(-4000)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

const counts = async () => ({ events: await t.db.event.count(), runs: await t.db.run.count() });

describe("webhook → Temporal → worker → Postgres → runs API", () => {
  it("accepts a webhook with 202, runs a and b concurrently, then join, and reports every step", async () => {
    const res = await post(`/hooks/${wf.hookToken}?source=test`, JSON.stringify({ release: "1.2.3" }));
    expect(res.status).toBe(202);
    const { runId } = await res.json();
    expect(runId).toEqual(expect.any(String));

    const run = await waitForRun(runId);
    expect(run).toMatchObject({ id: runId, workflow: "wf", version: 1, status: "succeeded" });
    expect(Object.keys(run.steps)).toEqual(["a", "b", "join"]);
    for (const id of ["a", "b", "join"]) {
      const s = run.steps[id];
      expect(s).toMatchObject({ status: "succeeded", attempts: 1, error: null, blockedBy: null });
      expect(Date.parse(s.startedAt)).toBeLessThanOrEqual(Date.parse(s.endedAt));
    }
    expect(run.steps.a.output).toMatchObject({ status: 200, body: { ok: true, path: "/a" } });

    const [a] = sink.calls("/a");
    const [b] = sink.calls("/b");
    const [join] = sink.calls("/join");
    expect(overlapped(a!, b!)).toBe(true);
    expect(join!.startedAt).toBeGreaterThanOrEqual(Math.max(a!.endedAt, b!.endedAt));
    expect(JSON.parse(a!.body)).toEqual({ from: "a" });

    const stored = await t.db.run.findUniqueOrThrow({ where: { id: runId }, include: { event: true } });
    expect(stored.dispatchedAt).not.toBeNull();
    expect(stored.event?.payload).toMatchObject({
      method: "POST",
      query: { source: "test" },
      body: { release: "1.2.3" },
    });
  });

  it("answers small JSON uncompressed, and compresses large answers", async () => {
    const gzip = { "accept-encoding": "gzip", "content-type": "application/json" };
    const accepted = await fetch(`${web.url}/hooks/${wf.hookToken}`, { method: "POST", headers: gzip, body: "{}" });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get("content-encoding")).toBeNull();
    expect(await accepted.json()).toEqual({ runId: expect.any(String) });
    const refused = await fetch(`${web.url}/hooks/not-a-token`, { method: "POST", headers: gzip, body: "{}" });
    expect(refused.status).toBe(404);
    expect(refused.headers.get("content-encoding")).toBeNull();
    // The definition schema is tens of kilobytes: worth compressing.
    const schema = await fetch(`${web.url}/api/v1/schema/workflow`, { headers: gzip });
    expect(schema.headers.get("content-encoding")).toBe("gzip");
    expect(await schema.json()).toMatchObject({ type: "object" });
  });

  it("serves the same run over tRPC, scoped to the token's workspace", async () => {
    const { runId } = await (await post(`/hooks/${wf.hookToken}`, "{}")).json();
    const input = encodeURIComponent(JSON.stringify({ id: runId }));
    const ok = await fetch(`${web.url}/api/trpc/runs.byId?input=${input}`, {
      headers: { authorization: `Bearer ${wf.apiToken}` },
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).result.data).toMatchObject({ id: runId, workflow: "wf" });

    const anonymous = await fetch(`${web.url}/api/trpc/runs.byId?input=${input}`);
    expect(anonymous.status).toBe(401);
  });

  it("while Temporal is unreachable, still accepts the event (202), keeps the run queued, and the relay starts it", async () => {
    const res = await fetch(`${webWithoutTemporal.url}/hooks/${wf.hookToken}`, {
      method: "POST",
      body: '{"during":"outage"}',
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(202);
    const { runId } = await res.json();
    expect(await t.db.run.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({
      status: "queued",
      dispatchedAt: null,
    });
    const health = await (await fetch(`${webWithoutTemporal.url}/api/health`)).json();
    expect(health).toMatchObject({ database: "up", temporal: "down" });

    expect((await relayOnce(t.db, engine, { graceMs: 0, batchSize: 100 })).started).toBeGreaterThanOrEqual(1);
    const run = await waitForRun(runId);
    expect(run.status).toBe("succeeded");
  });

  describe("bad input gets a precise JSON error and writes nothing", () => {
    const cases: [string, () => Promise<Response>, number, string][] = [
      ["unknown hook token", () => post("/hooks/not-a-real-token", "{}"), 404, "not_found"],
      ["malformed JSON", () => post(`/hooks/${wf.hookToken}`, '{"release": '), 400, "invalid_json"],
      [
        "body over the limit (Content-Length)",
        () => post(`/hooks/${wf.hookToken}`, JSON.stringify({ pad: "x".repeat(MAX_BYTES) })),
        413,
        "payload_too_large",
      ],
      [
        "body over the limit (chunked, no Content-Length)",
        () =>
          post(
            `/hooks/${wf.hookToken}`,
            new ReadableStream({
              start(c) {
                for (let i = 0; i < 8; i++) c.enqueue(new TextEncoder().encode("x".repeat(1024)));
                c.close();
              },
            }),
          ),
        413,
        "payload_too_large",
      ],
      [
        "a method the webhook does not take",
        () => fetch(`${web.url}/hooks/${wf.hookToken}`, { method: "PUT", body: "{}" }),
        405,
        "method_not_allowed",
      ],
    ];
    it.each(cases)("%s", async (_name, send, status, code) => {
      const before = await counts();
      const res = await send();
      expect(res.status).toBe(status);
      const body = await res.json();
      expect(body.error.code).toBe(code);
      expect(body.error.message).toEqual(expect.any(String));
      expect(await counts()).toEqual(before);
    });

    it("a disabled workflow refuses events with 409", async () => {
      await t.db.workflow.update({ where: { id: wf.workflowId }, data: { enabled: false } });
      try {
        const before = await counts();
        const res = await post(`/hooks/${wf.hookToken}`, "{}");
        expect(res.status).toBe(409);
        expect((await res.json()).error.code).toBe("workflow_disabled");
        expect(await counts()).toEqual(before);
      } finally {
        await t.db.workflow.update({ where: { id: wf.workflowId }, data: { enabled: true } });
      }
    });

    it.each([
      ["a polling trigger", { type: "poll", uses: "rss.newItem", with: { feedUrl: "https://example.com/feed.xml" } }],
      ["its schedule", { type: "schedule", cron: "0 3 * * *" }],
    ])("a workflow that starts from %s refuses webhook events with 409", async (startsFrom, trigger) => {
      const other = await seedOwn(`not-hooked-${trigger.type}`, trigger);
      const res = await post(`/hooks/${other.hookToken}`, "{}");
      expect(res.status).toBe(409);
      expect((await res.json()).error).toMatchObject({
        code: "not_a_webhook_workflow",
        message: `This workflow starts from ${startsFrom}, not from its webhook.`,
      });
      expect(await t.db.run.count({ where: { workflowId: other.workflowId } })).toBe(0);
    });

    it("an Idempotency-Key sent 50 times at once starts one run; every answer names it; after 24 h it starts another", async () => {
      const key = `order-${Date.now()}`;
      const headers = { "content-type": "application/json", "idempotency-key": key };
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => post(`/hooks/${wf.hookToken}`, JSON.stringify({ order: 7 }), headers)),
      );
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses).toEqual([...Array<number>(49).fill(200), 202]);
      const runIds = new Set(
        await Promise.all(answers.map(async (r) => ((await r.json()) as { runId: string }).runId)),
      );
      expect(runIds.size).toBe(1);
      const events = await t.db.event.findMany({ where: { workflowId: wf.workflowId, dedupeKey: `idem:${key}` } });
      expect(events).toHaveLength(1);
      expect(await t.db.run.count({ where: { eventId: events[0]!.id } })).toBe(1);

      // The same key on another workflow is another sender's: its own run.
      const second = await seedOwn("second");
      const other = await post(`/hooks/${second.hookToken}`, "{}", headers);
      expect(other.status).toBe(202);

      // A day later the key is free again.
      await t.db.event.update({
        where: { id: events[0]!.id },
        data: { receivedAt: new Date(Date.now() - 25 * 60 * 60 * 1000) },
      });
      const later = await post(`/hooks/${wf.hookToken}`, "{}", headers);
      expect(later.status).toBe(202);
      expect(runIds.has(((await later.json()) as { runId: string }).runId)).toBe(false);
    });

    it("refuses a malformed Idempotency-Key with 400 and stores nothing", async () => {
      const before = await t.db.run.count({ where: { workflowId: wf.workflowId } });
      const res = await post(`/hooks/${wf.hookToken}`, "{}", {
        "content-type": "application/json",
        "idempotency-key": "x".repeat(256),
      });
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe("invalid_idempotency_key");
      expect(await t.db.run.count({ where: { workflowId: wf.workflowId } })).toBe(before);
    });

    it("keeps text as text and other bytes as base64; the workflow's own methods and body limit hold first", async () => {
      const own = await seedOwn("own-rules", { type: "webhook", methods: ["PUT", "GET"], maxBodyBytes: 100 });
      const send = (method: string, body?: BodyInit, type?: string) =>
        fetch(`${web.url}/hooks/${own.hookToken}`, { method, body, headers: type ? { "content-type": type } : {} });
      const stored = async (res: Response) => {
        expect(res.status).toBe(202);
        const { runId } = (await res.json()) as { runId: string };
        const run = await t.db.run.findUniqueOrThrow({
          where: { id: runId },
          select: { event: { select: { payload: true } } },
        });
        return run.event!.payload as { method: string; body: unknown; bodyEncoding?: string };
      };
      expect(await stored(await send("PUT", "hello", "text/plain; charset=utf-8"))).toMatchObject({
        method: "PUT",
        body: "hello",
      });
      expect(await stored(await send("PUT", new Uint8Array([0, 1, 2, 255]), "application/octet-stream"))).toMatchObject(
        {
          body: "AAEC/w==",
          bodyEncoding: "base64",
        },
      );
      expect(await stored(await send("GET"))).toMatchObject({ method: "GET", body: {} });

      // Text that is not UTF-8 is kept as its bytes.
      expect(
        await stored(await send("PUT", new Uint8Array([0xe9, 0x74, 0xe9]), "text/plain; charset=iso-8859-1")),
      ).toMatchObject({
        body: "6XTp",
        bodyEncoding: "base64",
      });
      const runs = () => t.db.run.count({ where: { workflowId: own.workflowId } });
      const before = await runs();
      const wrong = await send("POST", "{}", "application/json");
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get("allow")).toBe("PUT, GET");
      const options = await send("OPTIONS");
      expect([options.status, options.headers.get("allow")]).toEqual([204, "PUT, GET, OPTIONS"]);
      expect((await send("HEAD")).status).toBe(200);
      const large = await send("PUT", "x".repeat(101), "text/plain");
      expect(large.status).toBe(413);
      expect(((await large.json()) as { error: { message: string } }).error.message).toContain("100 bytes");
      expect(await runs()).toBe(before);
    });

    it("a rotated webhook URL keeps working for its grace period, then answers 404", async () => {
      const own = await seedOwn("rotated");
      const rotate = (body: object) =>
        fetch(`${web.url}/api/v1/workflows/rotated/hook/rotate`, {
          method: "POST",
          headers: { authorization: `Bearer ${own.apiToken}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      const refused = await rotate({ graceSeconds: 8 * 24 * 3600 });
      expect(refused.status).toBe(400);
      const rotated = await rotate({ graceSeconds: 3600 });
      expect(rotated.status).toBe(200);
      const { hookUrl } = (await rotated.json()) as { hookUrl: string };
      expect((await post(hookUrl, "{}")).status).toBe(202);
      expect((await post(`/hooks/${own.hookToken}`, "{}")).status).toBe(202);
      // The grace is over.
      await t.db.workflow.update({
        where: { id: own.workflowId },
        data: { previousHookTokenUntil: new Date(Date.now() - 1) },
      });
      expect((await post(`/hooks/${own.hookToken}`, "{}")).status).toBe(404);
      expect((await post(hookUrl, "{}")).status).toBe(202);
    });

    it("accepts form-encoded bodies", async () => {
      const res = await post(`/hooks/${wf.hookToken}`, "a=1&b=two", {
        "content-type": "application/x-www-form-urlencoded",
      });
      expect(res.status).toBe(202);
      const { runId } = await res.json();
      const stored = await t.db.run.findUniqueOrThrow({ where: { id: runId }, include: { event: true } });
      expect(stored.event?.payload).toMatchObject({ body: { a: "1", b: "two" } });
      await waitForRun(runId);
    });
  });

  describe("runs API authentication and tenancy", () => {
    it("401 without a token or with an unknown one", async () => {
      const none = await fetch(`${web.url}/api/v1/runs/anything`);
      expect(none.status).toBe(401);
      expect((await none.json()).error.code).toBe("unauthenticated");
      expect((await getRun("anything", "sy_unknown")).status).toBe(401);
    });

    it("another workspace's token sees 404, never the run", async () => {
      const { runId } = await (await post(`/hooks/${wf.hookToken}`, "{}")).json();
      const other = await seedWorkflow(t.db, definition(), "other");
      const res = await getRun(runId, other.apiToken);
      expect(res.status).toBe(404);
      expect(JSON.stringify(await res.json())).not.toContain("succeeded");
      await waitForRun(runId);
    });

    it("404 for an unknown run id", async () => {
      expect((await getRun("does-not-exist")).status).toBe(404);
    });
  });
});
