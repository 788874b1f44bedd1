import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../tooling/devstack/src/testing/database";
import { createPool, createPrismaClient, type Db } from "./index";

const database = useTestDatabase();

/** Ends the calling session from the server side, as an outage or a failover does. */
const dropOwnConnection = (tx: Pick<Db, "$executeRawUnsafe">) =>
  tx.$executeRawUnsafe("select pg_terminate_backend(pg_backend_pid())").catch(() => undefined);

describe("a transaction whose connection is lost", () => {
  let db: Db;
  beforeAll(() => {
    // One connection: a slot that is never handed back shows as the next query never running.
    db = createPrismaClient({ databaseUrl: database.url, maxConnections: 1 });
  });
  afterAll(() => db.$disconnect());

  it("fails, and gives its pool slot back, so the next query runs", async () => {
    for (let i = 0; i < 3; i++) {
      await expect(db.$transaction(async (tx) => dropOwnConnection(tx))).rejects.toThrow();
    }
    const next = db.$queryRawUnsafe<{ one: number }[]>("select 1 as one");
    // A leaked slot never fails: it waits forever. The ceiling only turns that wait into a failure.
    const stuck = new Promise((_, reject) =>
      setTimeout(() => reject(new Error("the pool never gave the slot back")), 30_000),
    );
    expect(await Promise.race([next, stuck])).toEqual([{ one: 1 }]);
  });
});

describe("a connection lost while nobody listens", () => {
  it("is no uncaught error: its next statement fails, and the pool replaces it", async () => {
    const pool = createPool(database.url, { max: 1 });
    try {
      const held = await pool.connect();
      const { rows } = await held.query<{ pid: number }>("select pg_backend_pid() as pid");
      // Ended between statements, while checked out: no statement waits on it, and pg-pool no longer
      // listens. (Not events.once: it would listen for "error" itself.)
      const ended = new Promise((resolve) => held.once("end", resolve));
      await database.db.$executeRawUnsafe(`select pg_terminate_backend(${rows[0]!.pid})`);
      await ended;
      await expect(held.query("select 1")).rejects.toThrow(/not queryable|terminat/);
      held.release();
      expect((await pool.query<{ one: number }>("select 1 as one")).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });
});
