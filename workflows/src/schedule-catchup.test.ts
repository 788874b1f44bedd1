// A schedule's catch-up after an outage of the worker and Temporal both: on a Temporal server of
// this test's own (on its SQLite file), stopped for a while and started again on the same file.
import {
  seedWorkflow,
  startOwnTemporal,
  startTestWorker,
  uniqueTaskQueue,
  useTestDatabase,
} from "@switchyard/devstack/testing";
import { expect, it, vi } from "vitest";
import { connectEngine } from "./client";
import { scheduleTriggerOf, putSchedule } from "./schedules";
import { scheduleIdFor, type ScheduleEventPayload } from "./interpreter/contract";

const t = useTestDatabase();
const INTERVAL_MS = 4_000;
const OUTAGE_MS = 13_000;

async function fires(workflowId: string) {
  const events = await t.db.event.findMany({
    where: { workflowId, source: "schedule" },
    select: { payload: true, runs: { select: { status: true } } },
  });
  return events.map((e) => {
    const { scheduledAt, firedAt } = e.payload as unknown as ScheduleEventPayload;
    return { scheduled: Date.parse(scheduledAt), fired: Date.parse(firedAt), status: e.runs[0]?.status };
  });
}

it("takes one missed fire, with its scheduled time, once the worker and Temporal are back", async () => {
  const temporal = await startOwnTemporal();
  const taskQueue = uniqueTaskQueue("catchup");
  const seeded = await seedWorkflow(t.db, {
    name: "Tick",
    trigger: { type: "schedule", every: "4s" },
    steps: [{ id: "a", uses: "core.transform", with: { value: "{{ trigger.scheduledAt }}" } }],
  });
  const definition = await t.db.workflowVersion.findFirstOrThrow({ where: { id: seeded.versionId } });
  const trigger = scheduleTriggerOf(true, definition.definition)!;
  const up = async () => {
    const worker = await startTestWorker({ db: t.db, taskQueue, address: temporal.address });
    const engine = await connectEngine({ address: temporal.address, namespace: "default", taskQueue });
    return { worker, engine };
  };
  try {
    let { worker, engine } = await up();
    await putSchedule(engine, { id: seeded.workflowId, trigger, paused: false });
    await vi.waitFor(
      async () => expect((await fires(seeded.workflowId)).some((f) => f.status === "succeeded")).toBe(true),
      { timeout: 15_000 },
    );
    // Down between fires, just after one ended: the first missed fire then finds no run going (one
    // still going at its time would make `skip` drop it, as it should).
    const schedule = engine.temporal.schedule.getHandle(scheduleIdFor(seeded.workflowId));
    await vi.waitFor(
      async () => {
        const { info } = await schedule.describe();
        expect(info.runningActions).toEqual([]);
        expect(Date.now() - info.recentActions.at(-1)!.takenAt.getTime()).toBeLessThan(INTERVAL_MS / 2);
      },
      { timeout: 3 * INTERVAL_MS, interval: 100 },
    );

    await worker.stop();
    await engine.close();
    await temporal.stop();
    const downAt = Date.now();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    await temporal.start();
    const upAt = Date.now();
    ({ worker, engine } = await up());

    // Back on time: a fire scheduled after the outage has run.
    await vi.waitFor(
      async () =>
        expect((await fires(seeded.workflowId)).some((f) => f.scheduled > upAt && f.status === "succeeded")).toBe(true),
      { timeout: 20_000 },
    );
    const missed = (await fires(seeded.workflowId)).filter((f) => f.scheduled > downAt && f.scheduled < upAt);
    // Three fires (OUTAGE_MS / INTERVAL_MS) fell in the outage; Temporal keeps the first, and drops the rest.
    expect(missed).toHaveLength(1);
    expect(missed[0]!.fired).toBeGreaterThanOrEqual(upAt);
    expect(missed[0]!.status).toBe("succeeded");
    await worker.stop();
    await engine.close();
  } finally {
    await temporal.close();
  }
}, 90_000);
