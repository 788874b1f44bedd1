import { Metadata, status } from "@grpc/grpc-js";
import { seedRun, seedWorkflow, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import {
  Client,
  Connection,
  NamespaceNotFoundError,
  ServiceError,
  type WorkflowStartOptions,
} from "@temporalio/client";
import { describe, expect, it, vi } from "vitest";
import { classifyStartError, type EngineClient } from "./client";
import { workflowIdForRun } from "./interpreter/contract";
import { relayOnce, startRelay } from "./outbox";

const t = useTestDatabase();
const h = useEngine(t, "relay");

describe("outbox relay", () => {
  it("starts runs stored while Temporal was unreachable, once, and leaves fresh ones to their request", async () => {
    const seeded = await seedWorkflow(t.db, {
      name: "relay",
      trigger: { type: "webhook" },
      steps: [{ id: "only", uses: "http.request", with: { url: `${h.sink.url}/relayed`, method: "POST" } }],
    });
    const stranded = await seedRun(t.db, seeded, { body: { n: 1 } });
    await t.db.run.update({ where: { id: stranded }, data: { createdAt: new Date(Date.now() - 60_000) } });
    const fresh = await seedRun(t.db, seeded);
    // Both passes at the same instant, so however long the first run takes, the fresh one stays inside its grace.
    const clock = new Date();
    const pass = () => relayOnce(t.db, h.engine, { graceMs: 10_000, batchSize: 10, now: () => clock });

    expect((await pass()).started).toBe(1);
    const result = await h.engine.temporal.workflow.getHandle(workflowIdForRun(stranded)).result();
    expect(result.status).toBe("succeeded");

    const rows = await t.db.run.findMany({ where: { id: { in: [stranded, fresh] } } });
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[stranded]).toMatchObject({ status: "succeeded" });
    expect(byId[stranded]!.dispatchedAt).not.toBeNull();
    expect(byId[fresh]).toMatchObject({ status: "queued", dispatchedAt: null });

    // A second pass finds nothing: the run is dispatched, and starting it again would be a no-op anyway.
    expect(await pass()).toEqual({ started: 0, failures: [] });
    expect(h.sink.calls("/relayed")).toHaveLength(1);
  });
});

/** The relay's clock in the tests below: fixed, and years before any run the other tests create now. */
const T0 = new Date("2020-06-01T12:00:00Z");
const at = (ms: number) => () => new Date(T0.getTime() + ms);

describe("outbox relay: failures are per run", () => {
  const defineRelayed = () =>
    seedWorkflow(
      t.db,
      {
        name: "per run",
        trigger: { type: "webhook" },
        steps: [{ id: "only", uses: "http.request", with: { url: `${h.sink.url}/per-run`, method: "POST" } }],
      },
      "per-run",
      `ws-per-run-${Math.random().toString(36).slice(2)}`,
    );
  /** A queued run created `agoMs` before T0, with its own event. */
  const queuedRun = async (seeded: Awaited<ReturnType<typeof defineRelayed>>, agoMs: number, id?: string) => {
    const event = await t.db.event.create({
      data: {
        workspaceId: seeded.workspaceId,
        workflowId: seeded.workflowId,
        source: "test",
        payload: { body: { agoMs } },
      },
    });
    const run = await t.db.run.create({
      data: {
        ...(id ? { id } : {}),
        workspaceId: seeded.workspaceId,
        workflowId: seeded.workflowId,
        versionId: seeded.versionId,
        eventId: event.id,
        createdAt: new Date(T0.getTime() - agoMs),
      },
    });
    return run.id;
  };
  const resultOf = (runId: string) => h.engine.temporal.workflow.getHandle(workflowIdForRun(runId)).result();

  it("a run Temporal refuses ends failed_to_start with an alert, and the runs after it still start in the same pass", async () => {
    const seeded = await defineRelayed();
    // Temporal refuses workflow ids over 1,000 characters: a real, permanent refusal of this one run.
    const refused = await queuedRun(seeded, 180_000, `r${"x".repeat(1_100)}`);
    const later = [await queuedRun(seeded, 120_000), await queuedRun(seeded, 60_000)];

    const report = await relayOnce(t.db, h.engine, { graceMs: 10_000, batchSize: 10, now: at(0) });
    expect(report.started).toBe(2);
    expect(report.failures).toEqual([{ runId: refused, outcome: "failed_to_start", error: expect.any(String) }]);
    for (const runId of later) expect((await resultOf(runId)).status).toBe("succeeded");

    const run = await t.db.run.findUniqueOrThrow({ where: { id: refused } });
    expect(run).toMatchObject({
      status: "failed_to_start",
      dispatchedAt: null,
      dispatchAttempts: 1,
      endedAt: T0,
      nextDispatchAt: null,
    });
    expect(run.dispatchError).toMatch(/WorkflowId/i);
    const alert = await t.db.alert.findFirstOrThrow({ where: { runId: refused } });
    expect(alert).toMatchObject({
      kind: "run_failed_to_start",
      workspaceId: seeded.workspaceId,
      title: "per run: run could not start",
    });
    expect(alert.message).toContain("Temporal refused to start it");
    expect(alert.details).toMatchObject({ workflow: "per-run", attempts: 1, refused: true });

    // Given up means left alone: later passes neither retry it nor raise another alert.
    expect((await relayOnce(t.db, h.engine, { graceMs: 10_000, batchSize: 10, now: at(3_600_000) })).failures).toEqual(
      [],
    );
    expect(await t.db.alert.count({ where: { runId: refused } })).toBe(1);
  });

  it("a start that keeps failing is retried with exponential backoff, then given up with an alert", async () => {
    const seeded = await defineRelayed();
    const runId = await queuedRun(seeded, 60_000);
    let starts = 0;
    const failing = {
      ...h.engine,
      temporal: { workflow: { start: async () => (starts++, Promise.reject(new Error("history shard is corrupt"))) } },
    } as unknown as EngineClient;
    const retry = { maxAttempts: 3, initialDelayMs: 1_000, maxDelayMs: 1_500 };
    const pass = (ms: number) => relayOnce(t.db, failing, { graceMs: 10_000, batchSize: 10, retry, now: at(ms) });
    const row = () => t.db.run.findUniqueOrThrow({ where: { id: runId } });

    expect((await pass(0)).failures).toEqual([{ runId, outcome: "retrying", error: "history shard is corrupt" }]);
    expect(await row()).toMatchObject({
      status: "queued",
      dispatchAttempts: 1,
      dispatchError: "history shard is corrupt",
      nextDispatchAt: new Date(T0.getTime() + 1_000),
    });

    // Not due yet: the run waits out its backoff untouched.
    expect((await pass(999)).failures).toEqual([]);
    expect(starts).toBe(1);

    expect((await pass(1_000)).failures[0]?.outcome).toBe("retrying");
    // The wait doubles (2 s), capped at 1.5 s.
    expect(await row()).toMatchObject({ dispatchAttempts: 2, nextDispatchAt: new Date(T0.getTime() + 2_500) });
    expect((await pass(2_499)).failures).toEqual([]);

    expect((await pass(2_500)).failures[0]?.outcome).toBe("failed_to_start");
    expect(starts).toBe(3);
    expect(await row()).toMatchObject({
      status: "failed_to_start",
      dispatchAttempts: 3,
      endedAt: new Date(T0.getTime() + 2_500),
      nextDispatchAt: null,
    });
    const alert = await t.db.alert.findFirstOrThrow({ where: { runId } });
    expect(alert.kind).toBe("run_failed_to_start");
    expect(alert.message).toContain("Temporal failed to start it 3 times: history shard is corrupt");

    expect((await pass(3_600_000)).failures).toEqual([]);
    expect(starts).toBe(3);
  });

  it("while Temporal is unreachable nothing is counted or given up; the pass stops at the first run and all start once it is back", async () => {
    const seeded = await defineRelayed();
    const runs = [await queuedRun(seeded, 120_000), await queuedRun(seeded, 60_000)];
    // A real gRPC client of a closed port, without the SDK's retries (they only make the failure slower).
    const connection = Connection.lazy({ address: "127.0.0.1:1", interceptors: [] });
    const down = { temporal: new Client({ connection }), taskQueue: h.taskQueue, close: () => connection.close() };
    try {
      for (let i = 0; i < 5; i++) {
        const report = await relayOnce(t.db, down, {
          graceMs: 10_000,
          batchSize: 10,
          retry: { maxAttempts: 1 },
          now: at(i * 60_000),
        });
        expect(report).toEqual({
          started: 0,
          failures: [{ runId: runs[0], outcome: "unavailable", error: expect.any(String) }],
        });
      }
    } finally {
      await down.close();
    }
    for (const run of await t.db.run.findMany({ where: { id: { in: runs } } })) {
      expect(run).toMatchObject({ status: "queued", dispatchAttempts: 0, nextDispatchAt: null, dispatchError: null });
    }
    expect((await relayOnce(t.db, h.engine, { graceMs: 10_000, batchSize: 10, now: at(300_000) })).started).toBe(2);
    for (const runId of runs) expect((await resultOf(runId)).status).toBe("succeeded");
  });
  /** The engine, except that the runs named start on another task queue. */
  const onTaskQueueFor = (runIds: string[], taskQueue: string) =>
    ({
      ...h.engine,
      temporal: {
        workflow: {
          start: (type: string, options: WorkflowStartOptions) =>
            h.engine.temporal.workflow.start(
              type,
              runIds.map(workflowIdForRun).includes(options.workflowId) ? { ...options, taskQueue } : options,
            ),
        },
      },
    }) as unknown as EngineClient;

  it("a refusal that names no run is this run's own when a run after it starts in the same pass, and nobody's otherwise", async () => {
    const seeded = await defineRelayed();
    const [first, odd, second, last] = [
      await queuedRun(seeded, 240_000),
      await queuedRun(seeded, 180_000),
      await queuedRun(seeded, 120_000),
      await queuedRun(seeded, 60_000),
    ];
    // Temporal refuses the reserved task queue prefix with an INVALID_ARGUMENT that names neither the run nor its input.
    const engine = onTaskQueueFor([odd!, last!], "/_sys/relay-test");

    const report = await relayOnce(t.db, engine, { graceMs: 10_000, batchSize: 10, now: at(0) });
    expect(report).toEqual({
      started: 2,
      failures: [
        { runId: odd, outcome: "failed_to_start", error: expect.stringContaining("reserved prefix") },
        { runId: last, outcome: "unavailable", error: expect.stringContaining("reserved prefix") },
      ],
    });
    for (const runId of [first!, second!]) expect((await resultOf(runId)).status).toBe("succeeded");
    expect(await t.db.run.findUniqueOrThrow({ where: { id: odd } })).toMatchObject({
      status: "failed_to_start",
      dispatchAttempts: 1,
    });
    expect(await t.db.alert.findFirstOrThrow({ where: { runId: odd } })).toMatchObject({
      kind: "run_failed_to_start",
      details: { refused: true },
    });
    // No run started after the last one: the same refusal may be the configuration's, so it counts for nothing.
    expect(await t.db.run.findUniqueOrThrow({ where: { id: last } })).toMatchObject({
      status: "queued",
      dispatchAttempts: 0,
      dispatchError: null,
      nextDispatchAt: null,
    });
    expect(await t.db.alert.count({ where: { runId: last } })).toBe(0);

    expect((await relayOnce(t.db, h.engine, { graceMs: 10_000, batchSize: 10, now: at(1_000) })).started).toBe(1);
    expect((await resultOf(last!)).status).toBe("succeeded");
  });

  it("while Temporal refuses every start (a missing namespace, a task queue it rejects, an expired certificate) nothing is counted or given up, and all start once it takes them", async () => {
    const seeded = await defineRelayed();
    const runs = [await queuedRun(seeded, 180_000), await queuedRun(seeded, 120_000), await queuedRun(seeded, 60_000)];
    const missingNamespace = {
      ...h.engine,
      temporal: new Client({
        connection: h.engine.temporal.connection,
        namespace: `missing-${Math.random().toString(36).slice(2)}`,
      }),
    };
    const reservedTaskQueue = { ...h.engine, taskQueue: "/_sys/relay-test" };
    const expiredCertificate = failingWith(grpcError(status.UNAUTHENTICATED, "certificate has expired"));
    // Retries that would give every run up within the passes below, if any of them were counted.
    const retry = { maxAttempts: 2, initialDelayMs: 1_000, maxDelayMs: 1_000 };

    let minute = 0;
    for (const [engine, says] of [
      [missingNamespace, /namespace not found/i],
      [reservedTaskQueue, /reserved prefix/],
      [expiredCertificate, /certificate has expired/],
    ] as const) {
      for (let pass = 0; pass < 3; pass++) {
        const report = await relayOnce(t.db, engine, {
          graceMs: 10_000,
          batchSize: 10,
          retry,
          now: at(minute++ * 60_000),
        });
        expect(report).toEqual({
          started: 0,
          failures: runs.map((runId) => ({ runId, outcome: "unavailable", error: expect.stringMatching(says) })),
        });
      }
    }
    for (const run of await t.db.run.findMany({ where: { id: { in: runs } } })) {
      expect(run).toMatchObject({ status: "queued", dispatchAttempts: 0, nextDispatchAt: null, dispatchError: null });
    }
    expect(await t.db.alert.count({ where: { runId: { in: runs } } })).toBe(0);

    expect(
      (await relayOnce(t.db, h.engine, { graceMs: 10_000, batchSize: 10, now: at(minute * 60_000) })).started,
    ).toBe(3);
    for (const runId of runs) expect((await resultOf(runId)).status).toBe("succeeded");
  });

  it("the running relay says loudly that Temporal refuses every start, and backs off", async () => {
    const seeded = await defineRelayed();
    const runId = await queuedRun(seeded, 60_000);
    const errors: [string, Record<string, unknown> | undefined][] = [];
    const logger = {
      info() {},
      warn() {},
      error: (message: string, fields?: Record<string, unknown>) => void errors.push([message, fields]),
    };
    const starts: number[] = [];
    const refusing = failingWith(grpcError(status.PERMISSION_DENIED, "Request unauthorized."), () =>
      starts.push(performance.now()),
    );
    const stop = startRelay(t.db, refusing, logger, { intervalMs: 10, graceMs: 10_000, batchSize: 10, now: at(0) });
    try {
      await vi.waitUntil(() => starts.length >= 4, { timeout: 30_000, interval: 5 });
    } finally {
      await stop();
    }
    expect(errors[0]).toEqual([
      expect.stringContaining("refuses every start"),
      { runs: 1, error: expect.stringContaining("Request unauthorized.") },
    ]);
    // The fourth pass waits 80 ms (10 ms doubled three times), where a relay that did not back off would wait 10.
    expect(starts[3]! - starts[2]!).toBeGreaterThanOrEqual(75);
    expect(await t.db.run.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({
      status: "queued",
      dispatchAttempts: 0,
    });
    expect((await relayOnce(t.db, h.engine, { graceMs: 10_000, batchSize: 10, now: at(0) })).started).toBe(1);
  });
});

/** A gRPC status as the client raises it for a failed start: wrapped, with Temporal's words in `details`. */
function grpcError(code: status, details: string): ServiceError {
  return new ServiceError("Failed to start Workflow", {
    cause: Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() }),
  });
}

/** An engine whose every start fails with `err`. */
function failingWith(err: Error, onStart: () => void = () => {}): EngineClient {
  const start = async () => {
    onStart();
    throw err;
  };
  return { temporal: { workflow: { start } }, taskQueue: "unused", close: async () => {} } as unknown as EngineClient;
}

describe("whose fault a failed start is", () => {
  it.each([
    ["an expired or missing credential", "rejected", grpcError(status.UNAUTHENTICATED, "certificate has expired")],
    ["a permission Temporal withholds", "rejected", grpcError(status.PERMISSION_DENIED, "Request unauthorized.")],
    ["a missing namespace, as the client words it", "rejected", new NamespaceNotFoundError("gone")],
    ["a missing namespace, as gRPC words it", "rejected", grpcError(status.NOT_FOUND, "Namespace gone is not found.")],
    ["a fault of Temporal's own", "rejected", grpcError(status.INTERNAL, "persistence failed")],
    [
      "a proxy's broken stream, which the client retries",
      "unreachable",
      grpcError(status.INTERNAL, "Received RST_STREAM with code 2"),
    ],
    [
      "an unknown failure, which the client retries",
      "unreachable",
      grpcError(status.UNKNOWN, "upstream connect error"),
    ],
    ["Temporal unreachable", "unreachable", grpcError(status.UNAVAILABLE, "No connection established")],
    ["a start that timed out", "unreachable", grpcError(status.DEADLINE_EXCEEDED, "Deadline exceeded")],
    [
      "Temporal overloaded or rate limited",
      "unreachable",
      grpcError(status.RESOURCE_EXHAUSTED, "namespace rate limit exceeded"),
    ],
    [
      "a request over gRPC's message size",
      "refused",
      grpcError(status.RESOURCE_EXHAUSTED, "grpc: received message larger than max (5000147 vs. 4194304)"),
    ],
    [
      "an over-long workflow id",
      "refused",
      grpcError(status.INVALID_ARGUMENT, "WorkflowId exceeds maximum allowed length (1101/1000)"),
    ],
    [
      "an input over Temporal's blob size limit",
      "refused",
      grpcError(status.INVALID_ARGUMENT, "Blob data size exceeds limit."),
    ],
    [
      "a task queue Temporal rejects",
      "unattributed",
      grpcError(status.INVALID_ARGUMENT, "task queue name cannot start with reserved prefix /_sys/"),
    ],
    [
      "a bad workflow id reuse policy, which is configuration",
      "unattributed",
      grpcError(status.INVALID_ARGUMENT, "Invalid WorkflowIdReusePolicy."),
    ],
    ["a failure outside Temporal", "error", new Error("history shard is corrupt")],
  ] as const)("%s: %s", (_, kind, err) => {
    expect(classifyStartError(err)).toBe(kind);
  });
});
