// A plain webhook's checks through real processes (a Next.js server, PostgreSQL, a Temporal dev
// server with a worker): signatures with sealed secrets, their order among the other checks,
// rate limits shared through the database, keys read from the body, and sync answers.
import { createHmac, randomBytes } from "node:crypto";
import {
  seedWorkflow,
  startNextServer,
  startTestWorker,
  testTemporalConfig,
  uniqueTaskQueue,
  useTestDatabase,
  type NextServer,
} from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const t = useTestDatabase();
const taskQueue = uniqueTaskQueue("webhook-checks");
const WORKSPACE_BURST = 40;
let web: NextServer;
/** A second web process on the same database: limits must hold across processes. */
let otherWeb: NextServer;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  const temporal = testTemporalConfig(taskQueue);
  const appEnv = {
    DATABASE_URL: t.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    SWITCHYARD_WEBHOOK_MAX_BYTES: "4096",
    // A workspace's budget refills slowly here, so one test can spend it.
    SWITCHYARD_WORKSPACE_WEBHOOK_RATE: "0.001",
    SWITCHYARD_WORKSPACE_WEBHOOK_BURST: String(WORKSPACE_BURST),
  };
  [web, otherWeb, stopWorker] = await Promise.all([
    startNextServer(appEnv),
    startNextServer(appEnv),
    startTestWorker({ db: t.db, taskQueue }).then((w) => w.stop),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([web?.stop(), otherWeb?.stop(), stopWorker?.()]);
});

const echo = [{ id: "echo", uses: "core.transform", with: { value: "{{ trigger.body }}" } }];

/** A workspace of its own with an admin token; `apply` saves a workflow through the REST API. */
async function workspace() {
  const seeded = await seedWorkflow(
    t.db,
    { name: "seed", trigger: { type: "manual" }, steps: echo },
    "seed",
    `ws-${randomBytes(4).toString("hex")}`,
  );
  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${web.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${seeded.apiToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  async function apply(slug: string, trigger: object, steps: object[] = echo) {
    const res = await api("PUT", `/workflows/${slug}`, { name: slug, trigger, steps });
    const answer = (await res.json()) as { hookUrl?: string; version: number; id: string };
    if (res.status >= 300) throw new Error(`PUT ${slug}: ${res.status} ${JSON.stringify(answer)}`);
    return { ...answer, hook: `${web.url}${answer.hookUrl}` };
  }
  return { ...seeded, api, apply };
}

const hmac = (payload: string, secret: string) => createHmac("sha256", secret).update(payload).digest("hex");
const send = (url: string, body: string, headers: Record<string, string> = {}, method = "POST") =>
  fetch(url, { method, body, headers: { "content-type": "application/json", ...headers } });
const runsOf = (workflowId: string) => t.db.run.count({ where: { workflowId } });
const eventsOf = (workflowId: string) => t.db.event.count({ where: { workflowId } });

describe("webhook signatures", () => {
  it("seals an inline secret at save, checks the HMAC of the raw body, and stores nothing on 401", async () => {
    const ws = await workspace();
    const secret = "whsec-test-value";
    const trigger = { type: "webhook", auth: { type: "hmac", header: "X-Signature-256", secret } };
    const wf = await ws.apply("signed", trigger);

    // The stored definition keeps a reference; the secret is never shown again.
    const got = (await (await ws.api("GET", "/workflows/signed")).json()) as { definition: { trigger: unknown } };
    expect(got.definition.trigger).toMatchObject({ auth: { secret: { sealed: expect.stringMatching(/^whsec_/) } } });
    expect(JSON.stringify(got)).not.toContain(secret);
    const versions = await t.db.workflowVersion.findMany({ where: { workflowId: wf.id } });
    expect(JSON.stringify(versions)).not.toContain(secret);
    expect(JSON.stringify(await t.db.triggerState.findMany({ where: { workflowId: wf.id } }))).not.toContain(secret);
    // Applying the same file again adds no version; the reference itself is taken back too.
    expect((await ws.apply("signed", trigger)).version).toBe(1);
    expect((await ws.apply("signed", got.definition.trigger as object)).version).toBe(1);

    const body = JSON.stringify({ order: 42 });
    for (const signature of [hmac(body, secret), `sha256=${hmac(body, secret)}`]) {
      const ok = await send(wf.hook, body, { "x-signature-256": signature });
      expect(ok.status).toBe(202);
    }
    const stored = await t.db.event.findFirstOrThrow({ where: { workflowId: wf.id } });
    expect((stored.payload as { headers: Record<string, string> }).headers["x-signature-256"]).toBe("[redacted]");

    const before = { runs: await runsOf(wf.id), events: await eventsOf(wf.id) };
    const refusedHeaders: Record<string, string>[] = [
      { "x-signature-256": hmac(body, "another secret") },
      {},
      { "x-signature-256": "zz" },
    ];
    for (const headers of refusedHeaders) {
      const refused = await send(wf.hook, body, headers);
      expect(refused.status).toBe(401);
      expect((await refused.json()).error.code).toBe("unauthorized");
    }
    // A signature of another body: the body sent is what is checked, byte for byte.
    expect((await send(wf.hook, `${body} `, { "x-signature-256": hmac(body, secret) })).status).toBe(401);
    expect({ runs: await runsOf(wf.id), events: await eventsOf(wf.id) }).toEqual(before);
  });

  it("refuses a stale timestamp, and a sealed reference that is not the workflow's", async () => {
    const ws = await workspace();
    const secret = "stamp-secret";
    const wf = await ws.apply("stamped", {
      type: "webhook",
      auth: {
        type: "hmac",
        header: "x-sig",
        secret,
        timestampHeader: "x-ts",
        tolerance: "1m",
        signedPayload: "{timestamp}.{body}",
      },
    });
    const body = "{}";
    const signed = (ts: number) => ({ "x-sig": hmac(`${ts}.${body}`, secret), "x-ts": String(ts) });
    const nowS = Math.floor(Date.now() / 1000);
    expect((await send(wf.hook, body, signed(nowS))).status).toBe(202);
    const stale = await send(wf.hook, body, signed(nowS - 300));
    expect(stale.status).toBe(401);
    expect((await stale.json()).error.message).toContain("x-ts");

    const { definition } = (await (await ws.api("GET", "/workflows/stamped")).json()) as {
      definition: { trigger: { auth: { secret: unknown } } };
    };
    const other = await ws.api("PUT", "/workflows/copied", {
      name: "copied",
      trigger: { type: "webhook", auth: { type: "hmac", header: "x-sig", secret: definition.trigger.auth.secret } },
      steps: echo,
    });
    expect(other.status).toBe(400);
    expect((await other.json()).error.details.errors[0]).toMatchObject({
      path: "$.trigger.auth.secret",
      message: expect.stringContaining("give the secret itself"),
    });
  });

  it("checks a shared header and basic credentials; basic asks for them with WWW-Authenticate", async () => {
    const ws = await workspace();
    const shared = await ws.apply("shared", {
      type: "webhook",
      auth: { type: "header", name: "X-Hook-Token", value: "tok" },
    });
    expect((await send(shared.hook, "{}", { "x-hook-token": "tok" })).status).toBe(202);
    expect((await send(shared.hook, "{}", { "x-hook-token": "nope" })).status).toBe(401);

    const basic = await ws.apply("basic", { type: "webhook", auth: { type: "basic", username: "ci", password: "pw" } });
    const creds = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}` });
    expect((await send(basic.hook, "{}", creds("ci", "pw"))).status).toBe(202);
    const refused = await send(basic.hook, "{}", creds("ci", "bad"));
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    const event = await t.db.event.findFirstOrThrow({ where: { workflowId: basic.id } });
    expect((event.payload as { headers: Record<string, string> }).headers.authorization).toBe("[redacted]");
  });

  it("answers each check in its order: token, method, size, content type, then signature", async () => {
    const ws = await workspace();
    const wf = await ws.apply("ordered", {
      type: "webhook",
      maxBodyBytes: 100,
      auth: { type: "hmac", header: "x-sig", secret: "order-secret" },
    });
    const bad = { "x-sig": "00" };
    expect((await send(`${web.url}/hooks/unknown-token`, "{}", bad)).status).toBe(404);
    expect((await send(wf.hook, "{}", bad, "PUT")).status).toBe(405);
    expect((await send(wf.hook, JSON.stringify({ pad: "x".repeat(200) }), bad)).status).toBe(413);
    const malformed = await send(wf.hook, "{not json", bad);
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("invalid_json");
    expect((await send(wf.hook, "{}", bad)).status).toBe(401);
    await ws.api("POST", "/workflows/ordered/disable");
    expect((await send(wf.hook, "{}", bad)).status).toBe(409);
    expect(await eventsOf(wf.id)).toBe(0);
  });
});

describe("webhook rate limits", () => {
  it("answers 429 with Retry-After past a workflow's burst, stores nothing, and takes requests again once refilled", async () => {
    const ws = await workspace();
    // A bucket that refills too slowly to matter during the test: what it grants is its burst.
    const wf = await ws.apply("limited", { type: "webhook", rateLimit: { perSecond: 0.01, burst: 3 } });
    const answers = await Promise.all(Array.from({ length: 5 }, () => send(wf.hook, "{}")));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    const limited = answers.find((r) => r.status === 429)!;
    // A whole token at 0.01 per second: 100 s away.
    expect(Number(limited.headers.get("retry-after"))).toBe(100);
    expect((await limited.json()).error).toMatchObject({ code: "rate_limited", details: { limit: "workflow" } });
    expect(await eventsOf(wf.id)).toBe(3);
    // As if the 100 s had passed: the bucket's last request moved back, one token refilled.
    await t.db
      .$executeRaw`UPDATE "WebhookRateBucket" SET "updatedAt" = "updatedAt" - interval '101 seconds' WHERE key = ${`wf:${wf.id}`}`;
    expect((await send(wf.hook, "{}")).status).toBe(202);
    expect((await send(wf.hook, "{}")).status).toBe(429);
  });

  it("holds one bucket across web processes: two servers together grant the burst, no more", async () => {
    const ws = await workspace();
    const wf = await ws.apply("shared-bucket", { type: "webhook", rateLimit: { perSecond: 0.01, burst: 4 } });
    const path = new URL(wf.hook).pathname;
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => send(`${(i % 2 ? otherWeb : web).url}${path}`, "{}")),
    );
    expect(answers.filter((r) => r.status === 202)).toHaveLength(4);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(4);
    expect(await eventsOf(wf.id)).toBe(4);
  });

  it("holds a workspace's limit across its workflows; another workspace is not slowed", async () => {
    const ws = await workspace();
    const [a, b] = [await ws.apply("first", { type: "webhook" }), await ws.apply("second", { type: "webhook" })];
    const statuses: number[] = [];
    for (let i = 0; i < WORKSPACE_BURST + 4; i++) statuses.push((await send(i % 2 ? a.hook : b.hook, "{}")).status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(WORKSPACE_BURST);
    const tokens = async () =>
      (await t.db.webhookRateBucket.findUniqueOrThrow({ where: { key: `wf:${a.id}` } })).tokens;
    const before = await tokens();
    const last = await send(a.hook, "{}");
    expect(last.status).toBe(429);
    expect((await last.json()).error.details.limit).toBe("workspace");
    // Refused by its workspace, the request spent nothing of its workflow's own budget.
    expect(await tokens()).toBeGreaterThanOrEqual(before);

    const elsewhere = await workspace();
    const c = await elsewhere.apply("third", { type: "webhook" });
    expect((await send(c.hook, "{}")).status).toBe(202);
  });
});

describe("idempotency key from the body", () => {
  it("a repeat of the same body id answers the first run with 200", async () => {
    const ws = await workspace();
    const wf = await ws.apply("keyed", { type: "webhook", idempotencyKey: "{{ body.delivery.id }}" });
    const first = await send(wf.hook, JSON.stringify({ delivery: { id: "d-1" } }));
    const again = await send(wf.hook, JSON.stringify({ delivery: { id: "d-1" }, retry: true }));
    const other = await send(wf.hook, JSON.stringify({ delivery: { id: "d-2" } }));
    expect([first.status, again.status, other.status]).toEqual([202, 200, 202]);
    const [r1, r2, r3] = await Promise.all([first.json(), again.json(), other.json()]);
    expect(r2.runId).toBe(r1.runId);
    expect(r3.runId).not.toBe(r1.runId);
    // No id in the body: nothing to recognise a repeat by, so each one runs.
    expect((await send(wf.hook, "{}")).status).toBe(202);
    expect((await send(wf.hook, "{}")).status).toBe(202);
  });
});

describe("sync webhooks", () => {
  it("answers with core.respond as soon as it runs while a slower branch goes on", async () => {
    const ws = await workspace();
    const wf = await ws.apply("sync", { type: "webhook", mode: "sync", timeout: "20s" }, [
      { id: "shape", uses: "core.transform", with: { value: { total: "{{ trigger.body.a + trigger.body.b }}" } } },
      {
        id: "answer",
        uses: "core.respond",
        needs: ["shape"],
        with: {
          status: 201,
          headers: { "x-total": "{{ $string(steps.shape.output.total) }}", "cache-control": "no-store" },
          body: { sum: "{{ steps.shape.output.total }}" },
        },
      },
      { id: "slow", uses: "core.delay", with: { duration: "1h" } },
    ]);
    const res = await send(wf.hook, JSON.stringify({ a: 2, b: 3 }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ sum: 5 });
    expect(res.headers.get("x-total")).toBe("5");
    // Next adds no-transform to what a route sets.
    expect(res.headers.get("cache-control")).toMatch(/^no-store/);
    expect(res.headers.get("content-security-policy")).toBe("sandbox");
    const run = await t.db.run.findFirstOrThrow({ where: { workflowId: wf.id } });
    // Answered while the run goes on: its other branch waits an hour.
    expect(run.status).toBe("running");

    // A repeat of the request's key answers the first run's answer, and starts nothing.
    const keyed = { "idempotency-key": "sync-1" };
    const first = await send(wf.hook, JSON.stringify({ a: 1, b: 1 }), keyed);
    const again = await send(wf.hook, JSON.stringify({ a: 5, b: 5 }), keyed);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect([await first.json(), await again.json()]).toEqual([{ sum: 2 }, { sum: 2 }]);
    expect(await runsOf(wf.id)).toBe(2);
  });

  it("refuses at save a core.respond header that would act on the app's origin", async () => {
    const ws = await workspace();
    const res = await ws.api("PUT", "/workflows/cookie", {
      name: "cookie",
      trigger: { type: "webhook", mode: "sync" },
      steps: [{ id: "r", uses: "core.respond", with: { headers: { "Set-Cookie": "session=stolen" } } }],
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.errors[0].path).toBe("$.steps[0].with.headers.Set-Cookie");
  });

  it("answers the run's summary without core.respond, and 202 with the run's id at its timeout", async () => {
    const ws = await workspace();
    const plain = await ws.apply("summary", { type: "webhook", mode: "sync" });
    const done = await send(plain.hook, "{}");
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ status: "succeeded", workflow: "summary", id: expect.any(String) });

    const slow = await ws.apply("slow", { type: "webhook", mode: "sync", timeout: "1s" }, [
      { id: "wait", uses: "core.delay", with: { duration: "5s" } },
    ]);
    const late = await send(slow.hook, "{}");
    expect(late.status).toBe(202);
    const { runId } = (await late.json()) as { runId: string };
    expect(await t.db.run.findUniqueOrThrow({ where: { id: runId }, select: { workflowId: true } })).toEqual({
      workflowId: slow.id,
    });
  });
});
