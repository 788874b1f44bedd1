// A worker that starts while PostgreSQL is away resumes its pollers once it is back, instead of
// failing its start (which `npm run dev` would restart into a crash loop).
import type { Db } from "@switchyard/db";
import { clientThrough, startProxyFor, useTestDatabase, type TcpProxy } from "@switchyard/devstack/testing";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { EngineClient } from "./client";
import { resumePollersWhenDatabaseAnswers } from "./pollers";

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

it("waits out an outage at worker start, then resumes the pollers", async () => {
  const logged: string[] = [];
  const logger = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: () => {} };
  proxy.cut();
  // No workflow polls in this database, so the engine is never asked for anything.
  const resumed = resumePollersWhenDatabaseAnswers(viaProxy, {} as EngineClient, logger);
  await vi.waitFor(() => expect(logged).toContain("database unreachable; resuming pollers once it is back"), {
    timeout: 30_000,
  });
  expect(logged).not.toContain("pollers resumed");
  proxy.restore();
  await resumed;
  expect(logged.at(-1)).toBe("pollers resumed");
});
