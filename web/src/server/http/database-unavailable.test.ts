// The outage classifier against what Prisma, @prisma/adapter-pg and pg really
// throw: a loopback proxy stands between a client and PostgreSQL, and the test
// cuts it, closes it, or has the server end the connection.
import net from "node:net";
import { isDatabaseUnavailable, type Db } from "@switchyard/db";
import {
  clientThrough,
  seedWorkflow,
  startProxyFor,
  useTestDatabase,
  type TcpProxy,
} from "@switchyard/devstack/testing";
import { acceptRun } from "@switchyard/workflows/engine";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Services } from "../context";
import { publicProcedure, router } from "../trpc/init";
import { errorResponse } from "./errors";

const t = useTestDatabase();
const proxies: TcpProxy[] = [];

afterAll(() => Promise.all(proxies.map((p) => p.close())));

/**
 * A client whose every connection goes through its own proxy; `connected`
 * (the default) opens one first, so that a cut drops it, as an outage does.
 */
async function clientThroughProxy({ connected = true } = {}): Promise<{ proxy: TcpProxy; db: Db }> {
  const proxy = await startProxyFor(t.url);
  const db = clientThrough(proxy, t.url);
  // Closing the proxy ends every connection, cut or not.
  proxies.push(proxy);
  if (connected) await db.workspace.findFirst();
  return { proxy, db };
}

/** A loopback port nothing listens on any more. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What a promise rejects with; a test that expects a failure gets one. */
const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error("expected the query to fail");
    },
    (err: unknown) => err,
  );

/** Waits until the server runs a statement matching `pattern` (a LIKE pattern) in the test database. */
const whenRunning = (pattern: string) =>
  vi.waitFor(
    async () => {
      const [{ n }] = await t.db.$queryRaw<
        [{ n: number }]
      >`select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active' and query like ${pattern} and pid <> pg_backend_pid()`;
      expect(n).toBeGreaterThan(0);
    },
    { timeout: 30_000, interval: 50 },
  );

/** Has the server end every connection running a statement matching `pattern`, as it does to all of them when it shuts down (57P01). */
const terminate = (pattern: string) =>
  t.db
    .$queryRaw`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and state = 'active' and query like ${pattern} and pid <> pg_backend_pid()`;

describe("errors that mean the database is out of reach", () => {
  it("a query while every connection is cut (Error 'Connection terminated unexpectedly', no Prisma code)", async () => {
    const { proxy, db } = await clientThroughProxy();
    proxy.cut();
    const err = await rejection(db.workspace.findFirst());
    expect(err).toMatchObject({ message: "Connection terminated unexpectedly" });
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it("a query in flight when its connection drops", async () => {
    const { proxy, db } = await clientThroughProxy();
    const query = rejection(db.$queryRaw`select pg_sleep(60)::text as cut_in_flight`);
    await whenRunning("%cut_in_flight%");
    proxy.cut();
    const err = await query;
    expect(err).toMatchObject({ message: "Connection terminated unexpectedly" });
    expect(isDatabaseUnavailable(err)).toBe(true);
    await terminate("%cut_in_flight%");
  });

  it("the webhook's event-and-run statement, cut while its run's INSERT waits, which stores nothing", async () => {
    const wf = await seedWorkflow(
      t.db,
      { name: "cut", trigger: { type: "webhook" }, steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }] },
      "cut",
      "ws-cut",
    );
    const version = await t.db.workflowVersion.findUniqueOrThrow({
      where: { id: wf.versionId },
      select: { id: true, definition: true },
    });
    const { proxy, db } = await clientThroughProxy();
    const logger = { info() {}, warn() {}, error() {} };
    const deps = { db, logger, engineClient: () => Promise.reject(new Error("not reached")) };
    const run = { workspaceId: wf.workspaceId, workflowId: wf.workflowId, version, source: "webhook" as const };
    // The Run INSERT waits on this lock, after the Event INSERT of the same statement (storeRun's).
    const err = await t.db.$transaction(async (tx) => {
      await tx.$executeRaw`lock table "Run" in access exclusive mode`;
      const accept = rejection(acceptRun(deps, { ...run, event: { source: "webhook", payload: {} } }));
      await whenRunning(`%INSERT INTO "Run"%`);
      proxy.cut();
      return accept;
    });
    expect((err as Error).message).toMatch(
      /^(Connection terminated unexpectedly|Client has encountered a connection error and is not queryable)$/,
    );
    expect(isDatabaseUnavailable(err)).toBe(true);
    // Once its lock is free the server finds the client gone and rolls the statement back, Event INSERT included.
    await vi.waitFor(
      async () =>
        expect(
          await t.db
            .$queryRaw`select 1 from pg_stat_activity where datname = current_database() and query like '%INSERT INTO "Run"%' and pid <> pg_backend_pid()`,
        ).toEqual([]),
      { timeout: 30_000, interval: 50 },
    );
    expect(await t.db.event.count({ where: { workflowId: wf.workflowId } })).toBe(0);
  });

  it("a server that refuses connections (ECONNREFUSED: P1001 for a model query, P2010 for a raw one)", async () => {
    const { proxy, db } = await clientThroughProxy({ connected: false });
    await proxy.close();
    const model = await rejection(db.workspace.findFirst());
    const raw = await rejection(db.$queryRaw`select 1`);
    expect(model).toMatchObject({ name: "PrismaClientKnownRequestError", code: "P1001" });
    expect(raw).toMatchObject({
      code: "P2010",
      meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } },
    });
    expect([model, raw].map(isDatabaseUnavailable)).toEqual([true, true]);
  });

  it("a server that ends the connection (57P01: the adapter's own error for a model query, P2010 for a raw one)", async () => {
    const { db } = await clientThroughProxy();
    // The model query waits on a lock this transaction holds, so it is still running when the server ends it.
    const model = await t.db.$transaction(async (tx) => {
      await tx.$executeRaw`lock table "Workspace" in access exclusive mode`;
      const query = rejection(db.workspace.findFirst());
      await whenRunning(`%FROM "public"."Workspace"%`);
      await terminate(`%FROM "public"."Workspace"%`);
      return query;
    });
    const raw = rejection(db.$queryRaw`select pg_sleep(60)::text as ended_by_server`);
    await whenRunning("%ended_by_server%");
    await terminate("%ended_by_server%");
    expect(model).toMatchObject({ name: "DriverAdapterError", cause: { kind: "postgres", originalCode: "57P01" } });
    expect(await raw).toMatchObject({
      code: "P2010",
      meta: { driverAdapterError: { cause: { originalCode: "57P01" } } },
    });
    expect([model, await raw].map(isDatabaseUnavailable)).toEqual([true, true]);
  });
});

describe("errors that do not", () => {
  let slug: string;
  beforeAll(async () => {
    slug = (await t.db.workspace.create({ data: { slug: "taken", name: "Taken" } })).slug;
  });

  const cases: [string, () => Promise<unknown>, object][] = [
    ["a unique violation (P2002)", () => t.db.workspace.create({ data: { slug, name: "Again" } }), { code: "P2002" }],
    [
      "a unique violation in a raw query (P2010, 23505)",
      () =>
        t.db.$transaction(async (tx) => {
          await tx.$executeRaw`create temp table once (id int primary key) on commit drop`;
          await tx.$executeRaw`insert into once values (1), (1)`;
        }),
      { code: "P2010", meta: { driverAdapterError: { cause: { originalCode: "23505" } } } },
    ],
    [
      "a missing record (P2025)",
      () => t.db.workspace.update({ where: { slug: "no-such-workspace" }, data: { name: "x" } }),
      { code: "P2025" },
    ],
    ["text Postgres refuses (NUL)", () => t.db.$queryRaw`select ${"a\u0000b"}::text`, { code: "P2010" }],
  ];
  it.each(cases)("%s", async (_name, query, shape) => {
    const err = await rejection(query());
    expect(err).toMatchObject(shape);
    expect(isDatabaseUnavailable(err)).toBe(false);
  });

  it("a connector's API refusing a connection (fetch failed, its cause ECONNREFUSED)", async () => {
    const err = await rejection(fetch(`http://127.0.0.1:${await closedPort()}/`));
    expect(err).toMatchObject({ message: "fetch failed", cause: { code: "ECONNREFUSED" } });
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

describe("the answer to an unreachable database", () => {
  let outage: unknown;
  beforeAll(async () => {
    const { proxy, db } = await clientThroughProxy();
    proxy.cut();
    outage = await rejection(db.workspace.findFirst());
  });

  it("over REST: 503, Retry-After and database_unavailable", async () => {
    const res = errorResponse(outage);
    expect(res.status).toBe(503);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await res.json()).toEqual({
      error: { code: "database_unavailable", message: expect.stringMatching(/not processed.*send it again/) },
    });
  });

  it("over tRPC: SERVICE_UNAVAILABLE (503) with REST's code, in production too", async () => {
    const appRouter = router({ outage: publicProcedure.query(() => Promise.reject(outage)) });
    const warned: unknown[] = [];
    const services = {
      production: true,
      logger: { warn: (...args: unknown[]) => warned.push(args), error: () => {}, info: () => {} },
    } as unknown as Services;
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request("http://localhost/api/trpc/outage"),
      router: appRouter,
      createContext: () => ({
        services,
        authenticate: () => Promise.reject(new Error("these procedures need no caller")),
        signedInUserId: async () => null,
      }),
    });
    expect(res.status).toBe(503);
    expect((await res.json()).error).toMatchObject({
      message: expect.stringMatching(/not processed/),
      data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503, apiCode: "database_unavailable" },
    });
    expect(warned).toHaveLength(1);
  });
});
