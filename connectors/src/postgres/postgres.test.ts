import fs from "node:fs";
import net from "node:net";
import { useTestDatabase } from "@switchyard/devstack/testing";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { NonRetryableError } from "../sdk/errors";
import { createHttpClient } from "../sdk/http/client";
import { createMockContext } from "../sdk/testing";
import { connectionConfig, query } from "./actions/query";
import { postgres } from "./index";

const t = useTestDatabase();
beforeAll(async () => {
  await t.db.$executeRawUnsafe("create table customers (id int primary key, email text not null)");
  await t.db.$executeRawUnsafe("insert into customers values (1, 'ann@example.com'), (2, 'bob@example.com')");
});

const ctx = (props: unknown, connectionString = t.url, guard = false) =>
  createMockContext(query, {
    connector: postgres,
    props,
    credentials: { connectionString },
    baseUrl: "http://unused/",
    http: createHttpClient({ ssrf: { enabled: guard, allowHosts: [] } }),
  });

describe("postgres.query", () => {
  it("runs a parameterized query", async () => {
    expect(await query.run!(ctx({ sql: "select id, email from customers where id = $1", params: [2] }))).toEqual({
      rows: [{ id: 2, email: "bob@example.com" }],
      rowCount: 1,
      fields: ["id", "email"],
      truncated: false,
    });
  });

  it("parameters are never spliced into SQL", async () => {
    const out = await query.run!(
      ctx({ sql: "select count(*)::int as n from customers where email = $1", params: ["x' or '1'='1"] }),
    );
    expect(out.rows).toEqual([{ n: 0 }]);
  });

  it("bad credentials and bad SQL are clear, non-retryable errors", async () => {
    const noRole = new URL(t.url);
    noRole.username = "no_such_role";
    await expect(query.run!(ctx({ sql: "select 1" }, noRole.toString()))).rejects.toThrow(
      /^PostgreSQL error 28000: role "no_such_role" does not exist/,
    );
    await expect(query.run!(ctx({ sql: "selec 1" }))).rejects.toThrow(/^PostgreSQL error 42601/);
  });

  it("overload and conflicts (too many connections, serialization failure) stay retryable for the engine", async () => {
    for (const code of ["53300", "40001"]) {
      const err = (await query.run!(
        ctx({ sql: `do $$ begin raise exception using errcode = '${code}', message = 'transient ${code}'; end $$` }),
      ).catch((e: unknown) => e)) as Error;
      expect(err.message).toContain(`transient ${code}`);
      expect(err).not.toBeInstanceOf(NonRetryableError);
    }
  });

  it("a tenant's server ending the session right after its answer fails nothing and crashes nothing", async () => {
    // A fake server (the tenant's, the outside world): it answers the query and, in the same
    // packet, ends the session, so the error arrives when no statement is in flight.
    const message = (type: string, body: Buffer) => {
      const head = Buffer.alloc(5);
      head.write(type, 0);
      head.writeInt32BE(body.length + 4, 1);
      return Buffer.concat([head, body]);
    };
    const ready = message("Z", Buffer.from("I"));
    const fatal = message("E", Buffer.from("SFATAL\0C57P01\0Mterminating connection due to administrator command\0\0"));
    const server = net.createServer((socket) => {
      let startup = true;
      socket.on("data", (chunk) => {
        if (startup) {
          startup = false;
          socket.write(Buffer.concat([message("R", Buffer.alloc(4)), ready]));
        } else if (chunk[0] === "Q".charCodeAt(0)) {
          socket.write(Buffer.concat([message("C", Buffer.from("SELECT 0\0")), ready, fatal]));
        }
      });
      socket.on("error", () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const out = await query.run!(ctx({ sql: "select 1 where false" }, `postgresql://app@127.0.0.1:${port}/orders`));
      expect(out).toEqual({ rows: [], rowCount: 0, fields: [], truncated: false });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("the SSRF guard refuses internal database hosts unless allowed", async () => {
    await expect(query.run!(ctx({ sql: "select 1" }, t.url, true))).rejects.toThrow(
      /refused to connect to 127\.0\.0\.1/,
    );
  });
});

describe("postgres connection strings", () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    "sslkey=/etc/ssl/private/worker.key",
    "sslcert=/etc/ssl/certs/worker.pem",
    "sslrootcert=/etc/ssl/certs/ca.pem",
    "sslmode=verify-full&sslrootcert=/nonexistent/ca.pem",
    "sslcrl=/etc/crl.pem",
    "passfile=/root/.pgpass",
    "service=platform",
    "ssl%6Bey=/etc/ssl/private/worker.key",
    "SSLKEY=/etc/ssl/private/worker.key",
    "application_name=x y&sslkey=/etc/ssl/private/worker.key",
  ])("refuses a file parameter before anything reads it: %s", async (params) => {
    const read = vi.spyOn(fs, "readFileSync");
    const err = (await query.run!(ctx({ sql: "select 1" }, `${t.url}?${params}`)).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toMatch(
      /names files on the server \((sslkey|sslcert|sslrootcert|sslcrl|passfile|service|SSLKEY)\); file parameters are not allowed/,
    );
    expect(read).not.toHaveBeenCalled();
  });

  it("sends the tenant's own password, so pg never falls back to the worker's PGPASSWORD or ~/.pgpass", async () => {
    const bare = connectionConfig("postgresql://app@db.example:6543/orders?sslmode=verify-full");
    expect(bare).toMatchObject({ host: "db.example", port: 6543, user: "app", database: "orders" });
    expect(typeof bare.password === "function" && (await bare.password())).toBe("");
    const withPassword = connectionConfig("postgresql://app:s%40cret@db.example/orders");
    expect(typeof withPassword.password === "function" && (await withPassword.password())).toBe("s@cret");
    expect(connectionConfig("postgresql://app@db.example/orders").port).toBe(5432);
  });

  it("keeps refusing Unix sockets", () => {
    expect(() => connectionConfig("postgresql://app@/orders?host=/var/run/postgresql")).toThrow(
      /Unix-socket connections are not allowed/,
    );
  });

  it("are refused when the connection is saved, by the same rule, before anything reads a file", async () => {
    const auth = postgres.auth;
    if (auth?.kind !== "custom" || !auth.validate) throw new Error("postgres validates its connection strings");
    const read = vi.spyOn(fs, "readFileSync");
    await expect(
      auth.validate({
        connectionString: "postgresql://app:pw@db.example/orders?sslmode=require&sslkey=/etc/ssl/private/worker.key",
      }),
    ).rejects.toThrow("the connection string names files on the server (sslkey); file parameters are not allowed");
    await expect(
      auth.validate({ connectionString: "postgresql://app@/orders?host=/var/run/postgresql" }),
    ).rejects.toThrow(/Unix-socket connections are not allowed/);
    await expect(
      auth.validate({ connectionString: "postgresql://app:pw@db.example:6543/orders?sslmode=verify-full" }),
    ).resolves.toBeUndefined();
    expect(read).not.toHaveBeenCalled();
  });
});
