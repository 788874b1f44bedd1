// A connection's credentials meet its connector's rules when it is saved and
// when it is tested, with the connector's own answer: a PostgreSQL connection
// string that names files on the worker answers 400 where it is given, not at
// the first run of a step.
import { randomBytes } from "node:crypto";
import { createConnection, parseKeyRing } from "@switchyard/db";
import { useTestDatabase } from "@switchyard/devstack/testing";
import { beforeAll, describe, expect, it } from "vitest";
import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { ApiError } from "../http/errors";
import { addConnection, testConnection } from "./connections";

const t = useTestDatabase();
const keyRing = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
let s: Services;
let workspaceId: string;
let caller: ApiCaller;
beforeAll(async () => {
  s = { db: t.db, keyRing: () => keyRing } as unknown as Services;
  workspaceId = (await t.db.workspace.create({ data: { slug: "pg-connections", name: "Postgres connections" } })).id;
  caller = { workspaceId, tokenId: null, role: "editor", member: null };
});

const FILE_PARAMETER = "postgresql://app:pw@db.example/orders?sslmode=require&sslrootcert=/etc/ssl/certs/ca.pem";
const refusal = (err: unknown) =>
  err instanceof ApiError ? { status: err.status, code: err.code, message: err.message } : err;

describe("postgres connection strings", () => {
  it("that name files on the worker are refused at create, naming the parameter, and nothing is stored", async () => {
    const err = await addConnection(s, caller, {
      name: "orders",
      connector: "postgres",
      credentials: { connectionString: FILE_PARAMETER },
    }).catch((e: unknown) => e);
    expect(refusal(err)).toMatchObject({
      status: 400,
      code: "invalid_credentials",
      message: "the connection string names files on the server (sslrootcert); file parameters are not allowed",
    });
    expect(await t.db.connection.count({ where: { workspaceId } })).toBe(0);
  });

  it("that were stored before the rule are refused at test the same way", async () => {
    const stored = await createConnection(t.db, keyRing, {
      workspaceId,
      name: "legacy",
      connector: "postgres",
      authKind: "custom",
      secrets: { connectionString: FILE_PARAMETER },
    });
    const err = await testConnection(s, workspaceId, stored.id).catch((e: unknown) => e);
    expect(refusal(err)).toMatchObject({
      status: 400,
      code: "invalid_credentials",
      message: expect.stringContaining("(sslrootcert)"),
    });
  });

  it("without file parameters are saved, and have no test of their own", async () => {
    const created = await addConnection(s, caller, {
      name: "orders",
      connector: "postgres",
      credentials: { connectionString: "postgresql://app:pw@db.example/orders?sslmode=verify-full" },
    });
    const err = await testConnection(s, workspaceId, created.id).catch((e: unknown) => e);
    expect(refusal(err)).toMatchObject({ status: 400, code: "not_testable" });
  });
});
