// Waiting for runs against the real database: the trigger of migration run_finished_notify
// announces a finished run on commit, and the one LISTEN connection wakes exactly its waiters.
import { listenTo } from "@switchyard/db";
import { seedRun, seedWorkflow, useTestDatabase } from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "~/server/http/errors";
import { createRunWaits, getRunWaiting, RUN_FINISHED_CHANNEL, type RunWaits } from "./run-waits";

const t = useTestDatabase();
let listener: ReturnType<typeof listenTo>;
let waits: RunWaits;
let workspaceId: string;
let seeded: Awaited<ReturnType<typeof seedWorkflow>>;

beforeAll(async () => {
  listener = listenTo(t.url, RUN_FINISHED_CHANNEL);
  waits = createRunWaits(listener, { perWorkspace: 3 });
  seeded = await seedWorkflow(t.db, {
    name: "Waited",
    trigger: { type: "webhook" },
    steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }],
  });
  workspaceId = seeded.workspaceId;
});
afterAll(() => listener.close());

/** A run the "worker" (this test) has started. */
async function runningRun(): Promise<string> {
  const runId = await seedRun(t.db, seeded);
  await t.db.run.update({ where: { id: runId }, data: { status: "running" } });
  return runId;
}

const finish = (runId: string, status: "succeeded" | "failed" = "succeeded") =>
  t.db.run.update({ where: { id: runId }, data: { status, endedAt: new Date() } });

/** Resolves once the waiter is listening for the run (its first read is done). */
const waitingOn = (runId: string, ms: number, signal?: AbortSignal) =>
  getRunWaiting(t.db, waits, { workspaceId, runId }, ms, signal);

describe("getRunWaiting", () => {
  it("answers with the finished run when the database announces it, long before its wait is up", async () => {
    const runId = await runningRun();
    const other = await runningRun();
    const waiting = waitingOn(runId, 50_000);
    const bystander = waitingOn(other, 300);
    await new Promise((r) => setTimeout(r, 100));
    await finish(runId);
    // Had the announcement not woken it, it would answer "running" after 50 s, past the test's timeout.
    expect((await waiting).status).toBe("succeeded");
    // Another run's announcement does not end its wait early.
    expect((await bystander).status).toBe("running");
  }, 20_000);

  it("answers at once for a finished run, and with the current state when the wait is up or the caller leaves", async () => {
    const runId = await runningRun();
    await finish(runId, "failed");
    expect((await waitingOn(runId, 50_000)).status).toBe("failed");
    const still = await runningRun();
    expect((await waitingOn(still, 200)).status).toBe("running");
    const gone = new AbortController();
    const left = waitingOn(still, 50_000, gone.signal);
    gone.abort();
    expect((await left).status).toBe("running");
  }, 20_000);

  it("refuses a run of another workspace as missing, without waiting", async () => {
    const theirs = await seedWorkflow(t.db, {
      name: "Theirs",
      trigger: { type: "webhook" },
      steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }],
    });
    const runId = await seedRun(t.db, theirs);
    await expect(waitingOn(runId, 50_000)).rejects.toMatchObject({ status: 404 });
  });

  it("finds a run that finished while the LISTEN connection was down, once it is back", async () => {
    const runId = await runningRun();
    const waiting = waitingOn(runId, 50_000);
    await new Promise((r) => setTimeout(r, 100));
    // Cut the listener (as a database restart or a proxy would), and finish the run before it reconnects.
    const listeners = await t.db.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND query = ${`LISTEN ${RUN_FINISHED_CHANNEL}`}`;
    expect(listeners).toHaveLength(1);
    await t.db.$queryRaw`SELECT pg_terminate_backend(${listeners[0]!.pid}::int)`;
    await finish(runId);
    expect((await waiting).status).toBe("succeeded");
  }, 20_000);
});

describe("createRunWaits", () => {
  it("a wait that ends does not take a later wait on the same run with it", async () => {
    const runId = await runningRun();
    const first = await waits.watch(workspaceId, runId);
    void first.next();
    const second = await waits.watch(workspaceId, runId);
    // The first ends between the second's start and its arming: the run's set is empty for a moment.
    first.stop();
    const woken = second.next();
    await finish(runId);
    // Left out of the set, this would wait for ever (past the test's timeout).
    await woken;
    second.stop();
  }, 20_000);

  it("bounds the waits of one workspace, and frees a slot when a wait ends", async () => {
    const watches = await Promise.all([1, 2, 3].map((n) => waits.watch("ws-bounded", `run-${n}`)));
    const refused = await waits.watch("ws-bounded", "run-4").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 429, code: "too_many_waits" });
    // Another workspace is not held back by this one.
    (await waits.watch("ws-other", "run-1")).stop();
    watches[0]!.stop();
    (await waits.watch("ws-bounded", "run-4")).stop();
    for (const w of watches) w.stop();
  });
});
