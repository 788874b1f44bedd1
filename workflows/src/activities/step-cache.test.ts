// The step cache's activities and its expiry on a real database, with an injected clock: entries
// per step stay bounded (least recently used out), expired ones are never taken and are deleted
// in bounded batches, and a result that cannot be stored is logged without its content.
import { builtinRegistry, createHttpClient } from "@switchyard/connectors";
import { seedRun, seedWorkflow, useTestDatabase } from "@switchyard/devstack/testing";
import { MockActivityEnvironment } from "@temporalio/testing";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CacheLookup, CacheLookupInput } from "../interpreter/contract";
import { deleteExpiredCacheEntries, startStepCacheExpiry } from "../step-cache-expiry";
import { createStepCacheActivities } from "./step-cache";

const t = useTestDatabase();
let clockMs = Date.parse("2030-01-01T00:00:00Z");
const logged: { message: string; fields?: Record<string, unknown> }[] = [];
const logger = {
  info() {},
  warn: (message: string, fields?: Record<string, unknown>) => logged.push({ message, fields }),
  error() {},
};
/** The activities on the test's database (there once the file's setup has run), keeping 3 entries a step. */
const activities = () =>
  createStepCacheActivities({
    db: t.db,
    registry: builtinRegistry,
    http: createHttpClient(),
    baseUrls: {},
    logger,
    now: () => new Date(clockMs),
    stepCacheEntries: 3,
  });
const env = () => new MockActivityEnvironment({ startToCloseTimeoutMs: 60_000 });
const HOUR = 3_600_000;

let n = 0;
async function seededStep() {
  const template = { value: "{{ trigger.body.v }}" };
  const seeded = await seedWorkflow(
    t.db,
    { name: "cached", trigger: { type: "webhook" }, steps: [{ id: "s", uses: "core.transform", with: template }] },
    `cached-${++n}`,
  );
  const runId = await seedRun(t.db, seeded);
  const request = (value: unknown, read = true): CacheLookupInput => ({
    runId,
    stepId: "s",
    uses: "core.transform",
    with: { value },
    cache: { ttlMs: HOUR, template, read },
  });
  const lookUp = (value: unknown, read = true): Promise<CacheLookup> =>
    env().run(activities().lookUpStepCache, request(value, read));
  const store = async (value: unknown) => {
    const looked = await lookUp(value);
    if (!("miss" in looked)) throw new Error(`${String(value)} was a hit`);
    await env().run(activities().storeStepCache, {
      runId,
      stepId: "s",
      slot: looked.miss,
      ttlMs: HOUR,
      output: value,
      durationMs: 5,
    });
    return looked.miss;
  };
  return { seeded, runId, lookUp, store };
}

const outputs = async (workflowId: string) =>
  (await t.db.stepCacheEntry.findMany({ where: { workflowId }, orderBy: { usedAt: "asc" } })).map((e) => e.output);

describe("lookUpStepCache and storeStepCache", () => {
  it("keep a bounded number of entries per step, evicting the least recently used", async () => {
    const { seeded, lookUp, store } = await seededStep();
    for (const value of ["a", "b", "c"]) {
      await store(value);
      clockMs += 1_000;
    }
    // "a" is used again, so "b" is now the least recently used.
    expect(await lookUp("a")).toEqual({ hit: { output: "a", cachedFrom: expect.any(String) } });
    clockMs += 1_000;
    await store("d");
    expect(await outputs(seeded.workflowId)).toEqual(["c", "a", "d"]);
    expect(await lookUp("b")).toHaveProperty("miss");
  });

  it("never take an expired entry, nor any entry for a step that may not read", async () => {
    const { lookUp, store } = await seededStep();
    const slot = await store("x");
    expect(await lookUp("x", false)).toEqual({ miss: slot });
    clockMs += HOUR - 1;
    expect(await lookUp("x")).toHaveProperty("hit");
    clockMs += 1;
    expect(await lookUp("x")).toEqual({ miss: slot });
  });

  it("hold a shortened ttl for entries stored under a longer one", async () => {
    const { runId, store } = await seededStep();
    const slot = await store("y");
    clockMs += 2 * 60_000;
    const shortened: CacheLookupInput = {
      runId,
      stepId: "s",
      uses: "core.transform",
      with: { value: "y" },
      cache: { ttlMs: 60_000, template: { value: "{{ trigger.body.v }}" }, read: true },
    };
    expect(await env().run(activities().lookUpStepCache, shortened)).toEqual({ miss: slot });
  });

  it("miss once the step's connection signs in as another account, or is deleted and added anew", async () => {
    const { seeded, runId } = await seededStep();
    const connect = (id: string) =>
      t.db.connection.create({
        data: {
          id,
          workspaceId: seeded.workspaceId,
          name: "crm",
          connector: "http",
          authKind: "none",
          secrets: {},
          keyId: "k",
        },
      });
    await connect(`conn-a-${n}`);
    const request: CacheLookupInput = {
      runId,
      stepId: "s",
      uses: "core.transform",
      with: { value: 1 },
      connection: "crm",
      cache: { ttlMs: HOUR, template: { value: 1 }, read: true },
    };
    const looked: CacheLookup = await env().run(activities().lookUpStepCache, request);
    if (!("miss" in looked)) throw new Error("a hit on an empty cache");
    const remember = (output: string) =>
      env().run(activities().storeStepCache, {
        runId,
        stepId: "s",
        connection: "crm",
        slot: looked.miss,
        ttlMs: HOUR,
        output,
        durationMs: 1,
      });
    await remember("from a");
    expect(await env().run(activities().lookUpStepCache, request)).toHaveProperty("hit");
    const signIn = (account: string) =>
      t.db.connection.update({ where: { id: `conn-a-${n}` }, data: { metadata: { account: { email: account } } } });
    await signIn("ann@example.com");
    expect(await env().run(activities().lookUpStepCache, request)).toEqual({ miss: looked.miss });
    await remember("as ann");
    expect(await env().run(activities().lookUpStepCache, request)).toHaveProperty("hit.output", "as ann");
    await signIn("bob@example.com");
    expect(await env().run(activities().lookUpStepCache, request)).toEqual({ miss: looked.miss });
    await t.db.connection.delete({ where: { id: `conn-a-${n}` } });
    await connect(`conn-b-${n}`);
    expect(await env().run(activities().lookUpStepCache, request)).toEqual({ miss: looked.miss });
  });

  it("log a result that cannot be stored, without its content, and never fail", async () => {
    const { runId } = await seededStep();
    logged.length = 0;
    // JSON that jsonb refuses (a NUL in a string), as a connector's output may hold.
    await env().run(activities().storeStepCache, {
      runId,
      stepId: "s",
      slot: { key: "k" },
      ttlMs: HOUR,
      output: { token: "secret-output\u0000" },
      durationMs: 1,
    });
    expect(logged).toEqual([
      {
        message: expect.stringContaining("not remembered"),
        fields: { runId, stepId: "s", error: expect.any(String), code: expect.any(String) },
      },
    ]);
    expect(JSON.stringify(logged)).not.toContain("secret-output");
  });
});

describe("expiry", () => {
  // Sweeps take every expired entry: the earlier tests' are gone first.
  beforeEach(() => t.db.stepCacheEntry.deleteMany());

  async function expiredAndLive(workflowId: string, expired: number, live: number) {
    const at = new Date(clockMs);
    const row = (i: number, expiresAt: Date) => ({
      workflowId,
      stepId: "s",
      key: `k${i}`,
      output: i,
      runId: "r",
      durationMs: 1,
      expiresAt,
      usedAt: at,
    });
    await t.db.stepCacheEntry.createMany({
      data: [
        ...Array.from({ length: expired }, (_, i) => row(i, new Date(clockMs - 1))),
        ...Array.from({ length: live }, (_, i) => row(expired + i, new Date(clockMs + HOUR))),
      ],
    });
  }

  it("deletes expired entries in bounded batches, keeping live ones", async () => {
    const { seeded } = await seededStep();
    await expiredAndLive(seeded.workflowId, 25, 5);
    const batch = () => deleteExpiredCacheEntries(t.db, { batchSize: 10, now: () => new Date(clockMs) });
    expect([await batch(), await batch(), await batch(), await batch()]).toEqual([10, 10, 5, 0]);
    expect(await t.db.stepCacheEntry.count({ where: { workflowId: seeded.workflowId } })).toBe(5);
  });

  it("runs in the worker batch after batch until one comes back short", async () => {
    const { seeded } = await seededStep();
    await expiredAndLive(seeded.workflowId, 25, 5);
    const info = vi.fn();
    const stop = startStepCacheExpiry(
      t.db,
      { ...logger, info },
      { intervalMs: 10, pauseMs: 0, batchSize: 10, now: () => new Date(clockMs) },
    );
    await vi.waitFor(() => expect(info).toHaveBeenCalled(), { timeout: 10_000 });
    await stop();
    expect(info.mock.calls[0]).toEqual(["step cache expiry removed expired step results", { count: 25 }]);
    expect(await t.db.stepCacheEntry.count({ where: { workflowId: seeded.workflowId } })).toBe(5);
  });
});
