import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { useTestDatabase } from "@switchyard/devstack/testing";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ConnectionNameTakenError,
  ConnectionNotFoundError,
  createConnection,
  KeyRing,
  keyIdOf,
  loadConnectionSecrets,
  renameConnection,
  rotateSecretKeys,
  updateConnectionSecrets,
} from ".";

const t = useTestDatabase();
const keyA = randomBytes(32);
const keyB = randomBytes(32);
const ringA = new KeyRing(keyA);
/** Distinctive, so a dump that contains them in any form is caught. */
const distinct = (label: string) => `${label}-${randomBytes(16).toString("hex")}`;

let ws: string;
let otherWs: string;
beforeAll(async () => {
  ws = (await t.db.workspace.create({ data: { slug: "conn-ws", name: "Conn" } })).id;
  otherWs = (await t.db.workspace.create({ data: { slug: "conn-other", name: "Other" } })).id;
});

const create = (name: string, secrets: Record<string, unknown>, ring = ringA, workspaceId = ws) =>
  createConnection(t.db, ring, {
    workspaceId,
    name,
    connector: "slack",
    authKind: "oauth2",
    secrets,
    metadata: { account: `${name}@example.com` },
  });

describe("connections", () => {
  it("stores secrets encrypted and loads them only in their workspace", async () => {
    const secrets = { accessToken: distinct("tok"), refreshToken: distinct("ref") };
    const conn = await create("round-trip", secrets);
    expect(conn).not.toHaveProperty("secrets");
    expect(conn).toMatchObject({
      workspaceId: ws,
      status: "active",
      keyId: keyIdOf(keyA),
      metadata: { account: "round-trip@example.com" },
    });

    const row = await t.db.connection.findUniqueOrThrow({ where: { id: conn.id } });
    expect(row.secrets).toMatchObject({ v: 1, kid: keyIdOf(keyA) });
    expect(JSON.stringify(row)).not.toContain(secrets.accessToken);

    const loaded = await loadConnectionSecrets(t.db, ringA, ws, conn.id);
    expect(loaded.secrets).toEqual(secrets);
    expect(loaded.connection).toEqual(conn);
    await expect(loadConnectionSecrets(t.db, ringA, otherWs, conn.id)).rejects.toBeInstanceOf(ConnectionNotFoundError);
  });

  it("refuses a ciphertext swapped onto another row (AAD binds it to its id)", async () => {
    const one = await create("swap-one", { token: distinct("one") });
    const two = await create("swap-two", { token: distinct("two") });
    const blobOne = (await t.db.connection.findUniqueOrThrow({ where: { id: one.id } })).secrets as object;
    await t.db.connection.update({ where: { id: two.id }, data: { secrets: blobOne } });
    await expect(loadConnectionSecrets(t.db, ringA, ws, two.id)).rejects.toThrow(/could not authenticate/);
    await t.db.connection.delete({ where: { id: two.id } });
  });

  it("renames within the workspace, refusing a taken name and other workspaces' rows", async () => {
    const conn = await create("to-rename", { token: "x" });
    await create("taken", { token: "y" });
    expect((await renameConnection(t.db, ws, conn.id, "renamed")).name).toBe("renamed");
    await expect(renameConnection(t.db, ws, conn.id, "taken")).rejects.toBeInstanceOf(ConnectionNameTakenError);
    await expect(create("taken", { token: "z" })).rejects.toBeInstanceOf(ConnectionNameTakenError);
    await expect(renameConnection(t.db, otherWs, conn.id, "stolen")).rejects.toBeInstanceOf(ConnectionNotFoundError);
    expect(await create("taken", { token: "z" }, ringA, otherWs)).toMatchObject({
      name: "taken",
      workspaceId: otherWs,
    });
  });

  it("a pg_dump of the database contains the connection names but none of the secrets", async () => {
    const secrets = {
      apiKey: distinct("dumpkey"),
      password: distinct("dumppw"),
      nested: { clientSecret: distinct("dumpcs") },
    };
    const conn = await create(distinct("dump-conn"), secrets);
    const refreshed = distinct("dumprefreshed");
    await updateConnectionSecrets(t.db, ringA, ws, conn.id, { ...secrets, accessToken: refreshed });
    const { stdout } = await promisify(execFile)("pg_dump", ["--data-only", t.url], { maxBuffer: 64 * 1024 * 1024 });
    expect(stdout).toContain(conn.name);
    expect(stdout).toContain(keyIdOf(keyA));
    for (const plain of [secrets.apiKey, secrets.password, secrets.nested.clientSecret, refreshed]) {
      expect(stdout).not.toContain(plain);
      expect(stdout).not.toContain(Buffer.from(plain).toString("base64").slice(0, 20));
    }
  });
});

describe("rotateSecretKeys", () => {
  it("re-encrypts every row under the new key, keeps updatedAt, and is idempotent", async () => {
    const before = await t.db.connection.count();
    const expected = new Map<string, unknown>();
    for (let i = 0; i < 7; i++) {
      const secrets = { token: distinct(`rot${i}`) };
      expected.set((await create(`rot-${i}`, secrets, ringA, i % 2 ? ws : otherWs)).id, secrets);
    }
    const stamps = new Map(
      (await t.db.connection.findMany({ select: { id: true, updatedAt: true } })).map((r) => [
        r.id,
        r.updatedAt.getTime(),
      ]),
    );

    const ringBA = new KeyRing(keyB, [keyA]);
    const first = await rotateSecretKeys(t.db, ringBA, { batchSize: 3 });
    expect(first).toEqual({ keyId: keyIdOf(keyB), rotated: before + 7, alreadyCurrent: 0, failed: [] });

    const rows = await t.db.connection.findMany();
    expect(rows.every((r) => r.keyId === keyIdOf(keyB) && (r.secrets as { kid: string }).kid === keyIdOf(keyB))).toBe(
      true,
    );
    expect(rows.every((r) => r.updatedAt.getTime() === stamps.get(r.id))).toBe(true);
    const onlyB = new KeyRing(keyB);
    for (const [id, secrets] of expected) {
      const row = rows.find((r) => r.id === id)!;
      expect((await loadConnectionSecrets(t.db, onlyB, row.workspaceId, id)).secrets).toEqual(secrets);
      await expect(loadConnectionSecrets(t.db, ringA, row.workspaceId, id)).rejects.toThrow(`"${keyIdOf(keyB)}"`);
    }

    const second = await rotateSecretKeys(t.db, ringBA);
    expect(second).toEqual({ keyId: keyIdOf(keyB), rotated: 0, alreadyCurrent: before + 7, failed: [] });
    expect(await t.db.connection.findMany()).toEqual(rows);
  });

  it("reports rows whose key is not configured and leaves them untouched", async () => {
    const keyC = randomBytes(32);
    const lost = await create(distinct("lost"), { token: distinct("lost") }, new KeyRing(keyC));
    const blob = (await t.db.connection.findUniqueOrThrow({ where: { id: lost.id } })).secrets;
    const result = await rotateSecretKeys(t.db, new KeyRing(keyB));
    expect(result.rotated).toBe(0);
    expect(result.failed).toEqual([
      { table: "Connection", id: lost.id, keyId: keyIdOf(keyC), error: expect.stringContaining(`"${keyIdOf(keyC)}"`) },
    ]);
    expect((await t.db.connection.findUniqueOrThrow({ where: { id: lost.id } })).secrets).toEqual(blob);
    await t.db.connection.delete({ where: { id: lost.id } });
  });
});
