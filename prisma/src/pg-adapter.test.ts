import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { CatalogSafeClient, createPool } from "./pg-adapter";
import { useTestDatabase } from "../../tooling/devstack/src/testing/database";

// `relkind` is "char" (OID 18) and `relname` is name (OID 19): the two types the
// schema engine cannot decode through the adapter (prisma/orm#27403).
const SQL = "select relname, relkind from pg_class where relname = 'pg_class'";
// A database of this test's own: the server's default database may not exist on a fresh machine.
const database = useTestDatabase();
const url = () => database.url;

describe("CatalogSafeClient", () => {
  let client: CatalogSafeClient;
  beforeAll(async () => {
    client = new CatalogSafeClient({ connectionString: url() });
    await client.connect();
  });
  afterAll(() => client.end());

  it("the unwrapped client really reports OIDs 18 and 19 (the bug this works around)", async () => {
    const plain = new pg.Client({ connectionString: url() });
    await plain.connect();
    try {
      const { fields } = await plain.query(SQL);
      expect(fields.map((f) => f.dataTypeID)).toEqual([19, 18]);
    } finally {
      await plain.end();
    }
  });

  it("reports them as text in the promise form, keeping the values", async () => {
    const res = await client.query(SQL);
    expect(res.fields.map((f) => f.dataTypeID)).toEqual([25, 25]);
    expect(res.rows).toEqual([{ relname: "pg_class", relkind: "r" }]);
  });

  it("in the callback form", async () => {
    const res = await new Promise<pg.QueryResult>((resolve, reject) =>
      client.query(SQL, (err: Error | null, r: pg.QueryResult) => (err ? reject(err) : resolve(r))),
    );
    expect(res.fields.map((f) => f.dataTypeID)).toEqual([25, 25]);
  });

  it("in the config-object callback form and for array row mode", async () => {
    const res = await new Promise<pg.QueryResult>((resolve, reject) =>
      client.query({
        text: SQL,
        rowMode: "array",
        callback: (err: Error | null, r: pg.QueryResult) => (err ? reject(err) : resolve(r)),
      } as never),
    );
    expect(res.fields.map((f) => f.dataTypeID)).toEqual([25, 25]);
    expect(res.rows).toEqual([["pg_class", "r"]]);
  });

  it("for each result of a multi-statement query", async () => {
    const res = (await client.query(`${SQL}; ${SQL}`)) as unknown as pg.QueryResult[];
    expect(res).toHaveLength(2);
    for (const r of res) expect(r.fields.map((f) => f.dataTypeID)).toEqual([25, 25]);
  });

  it("leaves other types and errors alone", async () => {
    const res = await client.query("select 1::int as n, now() as t");
    expect(res.fields.map((f) => f.dataTypeID)).toEqual([23, 1184]);
    await expect(client.query("select * from no_such_table")).rejects.toThrow(/no_such_table/);
  });

  it("is what createPool's connections use", async () => {
    const pool = createPool(url(), { max: 1 });
    try {
      const res = await pool.query(SQL);
      expect(res.fields.map((f) => f.dataTypeID)).toEqual([25, 25]);
    } finally {
      await pool.end();
    }
  });
});
