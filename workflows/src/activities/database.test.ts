// Which errors mean "the database is away", told apart with errors the real parts throw:
// Prisma through a proxy that is cut, a closed port, a terminated session, refused queries,
// and an HTTP client whose API is down. Then the wait-in-place helper against a real outage.
import { randomUUID } from "node:crypto";
import { createHttpClient, HttpError } from "@switchyard/connectors";
import { createPrismaClient, isDatabaseUnavailable, Prisma, type Db } from "@switchyard/db";
import { clientThrough, startProxyFor, useTestDatabase, type TcpProxy } from "@switchyard/devstack/testing";
import { MockActivityEnvironment } from "@temporalio/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseUnavailableError, retryWhileDatabaseAway } from "./database";

const t = useTestDatabase();
let proxy: TcpProxy;
let viaProxy: Db;

beforeAll(async () => {
  proxy = await startProxyFor(t.url);
  viaProxy = clientThrough(proxy, t.url, 2);
});
afterAll(async () => {
  await viaProxy?.$disconnect();
  await proxy?.close();
});

const errorOf = async (work: () => Promise<unknown>): Promise<unknown> => {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error("expected a failure");
};

describe("isDatabaseUnavailable", () => {
  it("says yes for a lost, refused or terminated connection", async () => {
    await viaProxy.run.count();
    proxy.cut();
    try {
      expect(isDatabaseUnavailable(await errorOf(() => viaProxy.run.count()))).toBe(true);
      expect(
        isDatabaseUnavailable(
          await errorOf(() => viaProxy.$transaction([viaProxy.run.count(), viaProxy.stepRun.count()])),
        ),
      ).toBe(true);
    } finally {
      proxy.restore();
    }

    const closedPort = createPrismaClient({ databaseUrl: Object.assign(new URL(t.url), { port: "1" }).toString() });
    expect(isDatabaseUnavailable(await errorOf(() => closedPort.run.count()))).toBe(true);
    await closedPort.$disconnect();

    const single = createPrismaClient({ databaseUrl: t.url, maxConnections: 1 });
    const { pid } = (await single.$queryRaw<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!;
    const sleeping = errorOf(() => single.$queryRaw`select pg_sleep(30)`);
    await expect
      .poll(
        async () =>
          (
            await t.db.$queryRaw<
              { n: bigint }[]
            >`select count(*) as n from pg_stat_activity where pid = ${pid} and state = 'active'`
          )[0]!.n,
      )
      .toBe(1n);
    await t.db.$queryRaw`select pg_terminate_backend(${pid}::int)`;
    expect(isDatabaseUnavailable(await sleeping)).toBe(true);
    await single.$disconnect();

    // What no cut here produces, as Prisma and its adapter shape it.
    expect(
      isDatabaseUnavailable(new Prisma.PrismaClientInitializationError("Can't reach database server", "6.19.3")),
    ).toBe(true);
    const poolTimeout = new Prisma.PrismaClientKnownRequestError("Timed out fetching a new connection", {
      code: "P2024",
      clientVersion: "6.19.3",
    });
    expect(isDatabaseUnavailable(poolTimeout)).toBe(true);
    expect(
      isDatabaseUnavailable({ name: "DriverAdapterError", cause: { kind: "postgres", originalCode: "57P03" } }),
    ).toBe(true);
  });

  it("says no for a query the database refused, or anything else", async () => {
    expect(isDatabaseUnavailable(await errorOf(() => t.db.$queryRaw`select 1/0`))).toBe(false);
    expect(
      isDatabaseUnavailable(await errorOf(() => t.db.run.findUniqueOrThrow({ where: { id: "no-such-run" } }))),
    ).toBe(false);
    const ws = await t.db.workspace.create({ data: { slug: `db-faults-${randomUUID()}`, name: "db faults" } });
    expect(
      isDatabaseUnavailable(await errorOf(() => t.db.workspace.create({ data: { slug: ws.slug, name: "again" } }))),
    ).toBe(false);
    // An API that is down is the step's trouble, even though its cause says ECONNREFUSED.
    const http = createHttpClient({ ssrf: { enabled: false, allowHosts: [] } });
    expect(isDatabaseUnavailable(await errorOf(() => http.request({ url: "http://127.0.0.1:1/", retries: 0 })))).toBe(
      false,
    );
    await http.close();
    expect(isDatabaseUnavailable(new HttpError(503, "", undefined, "http://x"))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});

describe("retryWhileDatabaseAway", () => {
  const env = () => new MockActivityEnvironment({ startToCloseTimeoutMs: 120_000 });

  it("waits out an outage shorter than its patience", async () => {
    proxy.cut();
    let tries = 0;
    const counted = env().run(() =>
      retryWhileDatabaseAway(async () => {
        if (++tries === 3) proxy.restore();
        return viaProxy.run.count();
      }, 60_000),
    );
    await expect(counted).resolves.toBeTypeOf("number");
    expect(tries).toBe(3);
  });

  it("gives up with DatabaseUnavailableError once its patience is spent, and at once on other errors", async () => {
    proxy.cut();
    try {
      await expect(env().run(() => retryWhileDatabaseAway(() => viaProxy.run.count(), 500))).rejects.toBeInstanceOf(
        DatabaseUnavailableError,
      );
    } finally {
      proxy.restore();
    }
    let tries = 0;
    const refused = env().run(() => retryWhileDatabaseAway(() => (tries++, t.db.$queryRaw`select 1/0`), 60_000));
    await expect(refused).rejects.not.toBeInstanceOf(DatabaseUnavailableError);
    expect(tries).toBe(1);
  });

  it("stops waiting when the activity is cancelled", async () => {
    proxy.cut();
    try {
      const e = env();
      const waiting = e.run(() => retryWhileDatabaseAway(() => viaProxy.run.count(), 60_000));
      setTimeout(() => e.cancel(), 300);
      await expect(waiting).rejects.toMatchObject({ name: "CancelledFailure" });
    } finally {
      proxy.restore();
    }
  });
});
