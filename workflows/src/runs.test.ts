import { seedWorkflow, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { createPrismaClient } from "@switchyard/db";
import { describe, expect, it } from "vitest";
import { workflowIdForRun } from "./interpreter/contract";
import { dispatchRun, relayOnce } from "./outbox";
import { EventTooLargeError, INLINE_RUN_INPUT_BYTES, MAX_RUN_INPUT_BYTES, storeRun, type NewRun } from "./runs";

const t = useTestDatabase();
const h = useEngine(t, "run-input");

/** A workflow whose one step posts `trigger.body.v` to the sink. */
async function seed() {
  const seeded = await seedWorkflow(
    t.db,
    {
      name: "echo",
      trigger: { type: "webhook" },
      steps: [
        {
          id: "echo",
          uses: "http.request",
          with: { url: `${h.sink.url}/echo`, method: "POST", body: { v: "{{ trigger.body.v }}" } },
        },
      ],
    },
    "echo",
    `ws-${Math.random().toString(36).slice(2)}`,
  );
  const { definition } = await t.db.workflowVersion.findUniqueOrThrow({ where: { id: seeded.versionId } });
  return { ...seeded, definition };
}

const newRun = (w: Awaited<ReturnType<typeof seed>>, payload: object): NewRun => ({
  workspaceId: w.workspaceId,
  workflowId: w.workflowId,
  version: { id: w.versionId, definition: w.definition },
  source: "webhook",
  event: { source: "webhook", payload },
});

/** The bytes of the workflow's start input, as Temporal recorded it. */
async function startInputBytes(runId: string): Promise<number> {
  const history = await h.engine.temporal.workflow.getHandle(workflowIdForRun(runId)).fetchHistory();
  return history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!.data!.length;
}

describe("run inputs: Temporal gets only what it needs", () => {
  it("a small run starts with its whole input inline", async () => {
    const seeded = await seed();
    const args = await storeRun(t.db, newRun(seeded, { body: { v: "small" } }));
    expect(args).toMatchObject({ runId: expect.any(String), workflowName: "echo", trigger: { body: { v: "small" } } });
    await dispatchRun(t.db, h.engine, args);
    expect((await h.engine.temporal.workflow.getHandle(workflowIdForRun(args.runId)).result()).status).toBe(
      "succeeded",
    );
  });

  it("a large trigger stays in Postgres: the start carries the run id only, and the interpreter loads the input", async () => {
    const seeded = await seed();
    const pad = "x".repeat(INLINE_RUN_INPUT_BYTES);
    const args = await storeRun(t.db, newRun(seeded, { body: { v: "loaded", pad } }));
    expect(args).toEqual({ runId: expect.any(String), inputStored: true });
    await dispatchRun(t.db, h.engine, args);

    expect((await h.engine.temporal.workflow.getHandle(workflowIdForRun(args.runId)).result()).status).toBe(
      "succeeded",
    );
    expect(await startInputBytes(args.runId)).toBeLessThan(200);
    const [call] = h.sink.calls("/echo").filter((c) => c.body.includes("loaded"));
    expect(JSON.parse(call!.body)).toEqual({ v: "loaded" });
  });

  it("an input too large for any run fails the run loudly (engine error and alert) instead of leaving it queued", async () => {
    const seeded = await seed();
    // Stored directly, past the size check a web request gets: what an older or oversized event looks like.
    const event = await t.db.event.create({
      data: {
        workspaceId: seeded.workspaceId,
        workflowId: seeded.workflowId,
        source: "test",
        payload: { body: { pad: "x".repeat(MAX_RUN_INPUT_BYTES) } },
      },
    });
    const { id: runId } = await t.db.run.create({
      data: {
        workspaceId: seeded.workspaceId,
        workflowId: seeded.workflowId,
        versionId: seeded.versionId,
        eventId: event.id,
        createdAt: new Date(0),
      },
    });

    expect((await relayOnce(t.db, h.engine, { graceMs: 0, batchSize: 10 })).started).toBe(1);
    expect((await h.engine.temporal.workflow.getHandle(workflowIdForRun(runId)).result()).status).toBe("failed");

    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({
      type: "RunInputTooLarge",
      message: expect.stringContaining(`over the ${MAX_RUN_INPUT_BYTES} bytes a run can carry`),
    });
    expect(await t.db.alert.count({ where: { runId, kind: "run_failed" } })).toBe(1);
  });

  it("an event over the caller's limit is refused before anything is written", async () => {
    const seeded = await seed();
    const before = { events: await t.db.event.count(), runs: await t.db.run.count() };
    // Each control character takes 6 bytes as JSON (\u0001): 1,000 of them are 6,000 bytes and more.
    const err = await storeRun(t.db, newRun(seeded, { body: { a: "\u0001".repeat(1_000) } }), {
      maxEventBytes: 4_096,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EventTooLargeError);
    expect(err).toMatchObject({ limit: 4_096, bytes: JSON.stringify({ body: { a: "\u0001".repeat(1_000) } }).length });
    // Never more than a run can carry, whatever the caller allows, and whether it says or not.
    await expect(
      storeRun(t.db, newRun(seeded, { pad: "x".repeat(MAX_RUN_INPUT_BYTES) }), { maxEventBytes: 32 * 1024 * 1024 }),
    ).rejects.toMatchObject({ limit: MAX_RUN_INPUT_BYTES });
    await expect(storeRun(t.db, newRun(seeded, { pad: "x".repeat(MAX_RUN_INPUT_BYTES) }))).rejects.toBeInstanceOf(
      EventTooLargeError,
    );
    expect({ events: await t.db.event.count(), runs: await t.db.run.count() }).toEqual(before);
  });
});

describe("storeRun's times", () => {
  it("are this process's clock in UTC, whatever time zone the database session uses", async () => {
    const w = await seed();
    const url = new URL(t.url);
    url.searchParams.set("options", "-c TimeZone=Asia/Tokyo");
    const tokyo = createPrismaClient({ databaseUrl: url.toString(), maxConnections: 1 });
    try {
      const session = await tokyo.$queryRaw<{ zone: string }[]>`SELECT current_setting('TimeZone') AS zone`;
      expect(session).toEqual([{ zone: "Asia/Tokyo" }]);
      const before = Date.now();
      const { runId } = await storeRun(tokyo, newRun(w, { body: { v: 1 } }));
      const after = Date.now();
      const run = await t.db.run.findUniqueOrThrow({ where: { id: runId }, include: { event: true } });
      for (const time of [run.createdAt, run.event!.receivedAt]) {
        expect(time.getTime()).toBeGreaterThanOrEqual(before);
        expect(time.getTime()).toBeLessThanOrEqual(after);
      }
    } finally {
      await tokyo.$disconnect();
    }
  });
});
