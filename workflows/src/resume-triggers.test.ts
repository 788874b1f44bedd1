// A worker that starts while PostgreSQL is away resumes its triggers once it is back, instead of
// failing its start (which `npm run dev` would restart into a crash loop).
import type { Db } from "@switchyard/db";
import { clientThrough, startProxyFor, useTestDatabase, type TcpProxy } from "@switchyard/devstack/testing";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { EngineClient } from "./client";
import { resumeTriggersWhenDatabaseAnswers } from "./resume-triggers";

const t = useTestDatabase();
let proxy: TcpProxy;
let viaProxy: Db;

beforeAll(async () => {
  proxy = await startProxyFor(t.url);
  viaProxy = clientThrough(proxy, t.url);
});
afterAll(async () => {
  await viaProxy?.$disconnect();
  await proxy?.close();
});

it("waits out an outage at worker start, then resumes the pollers and schedules", async () => {
  const logged: string[] = [];
  const logger = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: () => {} };
  proxy.cut();
  // No workflow polls or is scheduled in this database: the engine only lists schedules, and finds none.
  const engine = { taskQueue: "q", temporal: { schedule: { list: async function* () {} } } };
  const resumed = resumeTriggersWhenDatabaseAnswers(viaProxy, engine as unknown as EngineClient, logger);
  await vi.waitFor(() => expect(logged).toContain("database unreachable; resuming triggers once it is back"), {
    timeout: 30_000,
  });
  expect(logged).not.toContain("triggers resumed");
  proxy.restore();
  await resumed;
  expect(logged.at(-1)).toBe("triggers resumed");
});

it("stops waiting when the worker stops during the outage", async () => {
  const logged: string[] = [];
  const logger = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: () => {} };
  proxy.cut();
  try {
    const stopping = new AbortController();
    const engine = { taskQueue: "q", temporal: { schedule: { list: async function* () {} } } };
    const resumed = resumeTriggersWhenDatabaseAnswers(
      viaProxy,
      engine as unknown as EngineClient,
      logger,
      stopping.signal,
    );
    await vi.waitFor(() => expect(logged).toContain("database unreachable; resuming triggers once it is back"), {
      timeout: 30_000,
    });
    stopping.abort();
    // Resolves although the database is still away, and resumes nothing.
    await resumed;
    expect(logged).not.toContain("triggers resumed");
  } finally {
    proxy.restore();
  }
});
