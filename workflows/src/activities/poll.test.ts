// Polling triggers end to end: a real worker, Temporal and Postgres, with the
// feed served by a local sink. New items become runs; the cursor survives in
// sealed trigger state; failures alert once; disabling stops the poller.
import { randomBytes } from "node:crypto";
import { parseKeyRing } from "@switchyard/db";
import { seedWorkflow, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { MockActivityEnvironment } from "@temporalio/testing";
import { describe, expect, it } from "vitest";
import { ensurePoller, wakePoller } from "../client";
import { resumePollers } from "../pollers";
import { workflowIdForPoller, type PollResult } from "../interpreter/contract";
import { MAX_RUN_INPUT_BYTES } from "../runs";
import type { Activities } from "./index";

const ring = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
const t = useTestDatabase();
const h = useEngine(t, "poll", { keyRing: () => ring });

const rss = (titles: string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Releases</title>${[...titles]
    .reverse()
    .map(
      (title) => `<item><title>${title}</title><link>https://example.com/${title}</link><guid>${title}</guid></item>`,
    )
    .join("")}</channel></rss>`;

function definition(feedPath: string, extra: Record<string, unknown> = {}) {
  return {
    name: "Announce releases",
    trigger: {
      type: "poll",
      uses: "rss.newItem",
      with: { feedUrl: `${h.sink.url}${feedPath}` },
      every: "30s",
      ...extra,
    },
    steps: [
      {
        id: "announce",
        uses: "http.request",
        with: { method: "POST", url: `${h.sink.url}${feedPath}/announced`, body: { title: "{{ trigger.title }}" } },
      },
    ],
  };
}

/** Runs the poll activity the way the worker does, with the test's Temporal client and task queue. */
async function pollOnce(workflowId: string): Promise<PollResult> {
  const { createActivities } = await import("./index");
  const activities: Activities = createActivities({
    db: t.db,
    registry: (await import("@switchyard/connectors")).builtinRegistry,
    http: (await import("@switchyard/connectors")).createHttpClient({ ssrf: { enabled: false, allowHosts: [] } }),
    keyRing: ring,
    baseUrls: {},
    logger: { info() {}, warn() {}, error() {} },
  });
  const env = new MockActivityEnvironment({ taskQueue: h.taskQueue }, { client: h.engine.temporal });
  return env.run(activities.pollTrigger, { workflowId });
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const announced = (feedPath: string) =>
  h.sink.calls(`${feedPath}/announced`).map((c) => (JSON.parse(c.body) as { title: string }).title);

describe("polling triggers: new items become runs", () => {
  it("first poll records the baseline; later polls start one run per new item, exactly once", async () => {
    h.sink.on("/feed-a", { headers: { "content-type": "application/rss+xml" }, raw: rss(["1.0", "1.1"]) });
    const wf = await seedWorkflow(t.db, definition("/feed-a"));

    expect(await pollOnce(wf.workflowId)).toEqual({ everyMs: 30_000, started: 0 });
    expect(await t.db.run.count({ where: { workflowId: wf.workflowId } })).toBe(0);

    h.sink.on("/feed-a", {
      headers: { "content-type": "application/rss+xml" },
      raw: rss(["1.0", "1.1", "1.2", "1.3"]),
    });
    expect(await pollOnce(wf.workflowId)).toEqual({ everyMs: 30_000, started: 2 });
    const runs = await eventually(
      () => t.db.run.findMany({ where: { workflowId: wf.workflowId }, include: { event: true } }),
      (rs) => rs.every((r) => r.status === "succeeded"),
    );
    expect(runs.map((r) => [r.source, r.status, r.dispatchedAt !== null])).toEqual([
      ["poll", "succeeded", true],
      ["poll", "succeeded", true],
    ]);
    expect(runs.map((r) => (r.event!.payload as { title: string }).title).sort()).toEqual(["1.2", "1.3"]);
    expect(announced("/feed-a").sort()).toEqual(["1.2", "1.3"]);

    // Nothing new: nothing starts.
    expect(await pollOnce(wf.workflowId)).toEqual({ everyMs: 30_000, started: 0 });
    expect(await t.db.run.count({ where: { workflowId: wf.workflowId } })).toBe(2);

    // The cursor lives in sealed trigger state, not in plain JSON.
    const rows = await t.db.triggerState.findMany({ where: { workflowId: wf.workflowId } });
    expect(rows.length).toBeGreaterThan(0);
    // Only the sealed values: a row's timestamp may read "…:21.3…" on its own.
    expect(JSON.stringify(rows.map((r) => r.value))).not.toContain("1.3");
  });

  it("includeExisting starts runs for what exists at the first poll; editing the trigger starts a fresh baseline", async () => {
    h.sink.on("/feed-b", { headers: { "content-type": "application/rss+xml" }, raw: rss(["a", "b"]) });
    const wf = await seedWorkflow(t.db, definition("/feed-b", { includeExisting: true }));
    expect(await pollOnce(wf.workflowId)).toMatchObject({ started: 2 });

    // A new version pointing the trigger elsewhere must not inherit the old cursor.
    h.sink.on("/feed-b2", { headers: { "content-type": "application/rss+xml" }, raw: rss(["a", "b", "c"]) });
    // includeExisting stays on: it means the workflow's first items ever, not everything again after an edit.
    await t.db.workflowVersion.create({
      data: { workflowId: wf.workflowId, version: 2, definition: definition("/feed-b2", { includeExisting: true }) },
    });
    const oldKeys = (await t.db.triggerState.findMany({ where: { workflowId: wf.workflowId } })).map(
      (r) => r.triggerKey,
    );
    expect(await pollOnce(wf.workflowId)).toMatchObject({ started: 0 });
    // The old configuration's state is gone.
    expect(await t.db.triggerState.count({ where: { workflowId: wf.workflowId, triggerKey: { in: oldKeys } } })).toBe(
      0,
    );
    h.sink.on("/feed-b2", { headers: { "content-type": "application/rss+xml" }, raw: rss(["a", "b", "c", "d"]) });
    expect(await pollOnce(wf.workflowId)).toMatchObject({ started: 1 });
  });
});

describe("polling triggers: failures and oversized items", () => {
  it("a failing poll alerts once per outage, keeps polling, and recovers", async () => {
    h.sink.on("/feed-c", { status: 401, body: { error: "login required" } });
    const wf = await seedWorkflow(t.db, definition("/feed-c"));
    const first = await pollOnce(wf.workflowId);
    expect(first).toMatchObject({
      everyMs: 30_000,
      started: 0,
      error: expect.stringContaining("401"),
      alertId: expect.any(String),
    });
    const second = await pollOnce(wf.workflowId);
    expect(second).toMatchObject({ error: expect.stringContaining("401") });
    expect(second).not.toHaveProperty("alertId");
    const alerts = await t.db.alert.findMany({ where: { workspaceId: wf.workspaceId } });
    expect(alerts).toEqual([
      expect.objectContaining({ kind: "trigger_failed", title: 'Workflow "wf" cannot poll rss.newItem' }),
    ]);

    h.sink.on("/feed-c", { headers: { "content-type": "application/rss+xml" }, raw: rss(["x"]) });
    expect(await pollOnce(wf.workflowId)).toEqual({ everyMs: 30_000, started: 0 });
    h.sink.on("/feed-c", { status: 500 });
    expect(await pollOnce(wf.workflowId)).toHaveProperty("alertId");

    // A rate limit is waited out, longer than the interval if asked, and is no outage.
    h.sink.on("/feed-c", { status: 429, headers: { "retry-after": "120" } });
    expect(await pollOnce(wf.workflowId)).toEqual({ everyMs: 120_000, started: 0 });
    expect(await t.db.alert.count({ where: { workspaceId: wf.workspaceId } })).toBe(2);
  });

  it("an item too large for any run is skipped with one alert, and the poll goes on with the others", async () => {
    const feed = (items: { guid: string; description?: string }[]) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Releases</title>${items
        .map(
          (i) =>
            `<item><title>${i.guid}</title><link>https://example.com/${i.guid}</link><guid>${i.guid}</guid><description>${i.description ?? ""}</description></item>`,
        )
        .join("")}</channel></rss>`;
    h.sink.on("/feed-f", {
      headers: { "content-type": "application/rss+xml" },
      raw: feed([
        { guid: "after" },
        { guid: "huge", description: "x".repeat(MAX_RUN_INPUT_BYTES) },
        { guid: "before" },
      ]),
    });
    const wf = await seedWorkflow(t.db, definition("/feed-f", { includeExisting: true }));

    const result = await pollOnce(wf.workflowId);
    expect(result).toEqual({ everyMs: 30_000, started: 2, alertId: expect.any(String) });
    const runs = await t.db.run.findMany({ where: { workflowId: wf.workflowId }, include: { event: true } });
    expect(runs.map((r) => (r.event!.payload as { title: string }).title).sort()).toEqual(["after", "before"]);
    const alert = await t.db.alert.findUniqueOrThrow({ where: { id: (result as { alertId: string }).alertId } });
    expect(alert).toMatchObject({
      kind: "trigger_items_skipped",
      title: 'Workflow "wf" skipped a polled item too large to run',
      details: { trigger: "rss.newItem", items: [{ key: "huge", bytes: expect.any(Number) }] },
    });
    expect(alert.message).toContain(`"huge" (`);

    // Skipped for good: the next poll neither meets it again nor fails.
    expect(await pollOnce(wf.workflowId)).toEqual({ everyMs: 30_000, started: 0 });
    expect(await t.db.alert.count({ where: { workspaceId: wf.workspaceId } })).toBe(1);
  });
});

describe("polling triggers: the poller workflow", () => {
  it("the poller polls at once, is started at most once, polls again when woken, and ends once the workflow is disabled", async () => {
    h.sink.on("/feed-d", { headers: { "content-type": "application/rss+xml" }, raw: rss(["only"]) });
    const wf = await seedWorkflow(t.db, definition("/feed-d"));
    const handle = h.engine.temporal.workflow.getHandle(workflowIdForPoller(wf.workflowId));
    await ensurePoller(h.engine, wf.workflowId);
    const first = await handle.describe();
    // The first poll happened (the baseline was stored) without waiting for the 30s interval.
    expect(
      await eventually(
        () => t.db.triggerState.count({ where: { workflowId: wf.workflowId } }),
        (n) => n > 0,
      ),
    ).toBeGreaterThan(0);

    // Saving again wakes the same poller, which polls now instead of after its interval.
    h.sink.on("/feed-d", { headers: { "content-type": "application/rss+xml" }, raw: rss(["only", "second"]) });
    await ensurePoller(h.engine, wf.workflowId);
    expect((await handle.describe()).runId).toBe(first.runId);
    expect(
      await eventually(
        () => t.db.run.count({ where: { workflowId: wf.workflowId } }),
        (n) => n === 1,
      ),
    ).toBe(1);

    await t.db.workflow.update({ where: { id: wf.workflowId }, data: { enabled: false } });
    await wakePoller(h.engine, wf.workflowId);
    expect(await handle.result()).toBe("the workflow is disabled");
    // Waking a poller that has ended is not an error.
    await wakePoller(h.engine, "no-such-workflow");
  });

  it("at worker start, missing pollers of enabled polling workflows are started, and only those", async () => {
    h.sink.on("/feed-e", { headers: { "content-type": "application/rss+xml" }, raw: rss(["e"]) });
    const polling = await seedWorkflow(t.db, definition("/feed-e"));
    const plain = await seedWorkflow(t.db, { ...definition("/feed-e"), trigger: { type: "webhook" } });
    await resumePollers(t.db, h.engine, { info() {}, warn() {}, error() {} });
    const handle = h.engine.temporal.workflow.getHandle(workflowIdForPoller(polling.workflowId));
    expect((await handle.describe()).status.name).toBe("RUNNING");
    await expect(
      h.engine.temporal.workflow.getHandle(workflowIdForPoller(plain.workflowId)).describe(),
    ).rejects.toThrow(/not found/i);
    await handle.terminate("test done");
  });
});
