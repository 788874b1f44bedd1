import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { createConnection, KeyRing, keyIdOf, loadConnectionSecrets } from "@switchyard/db";
import { useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";

const t = useTestDatabase();
const bin = path.resolve(import.meta.dirname, "../bin/switchyard.js");

/** The real bin, with only the variables it reads. */
const cli = (args: string[], env: Record<string, string>) =>
  promisify(execFile)(process.execPath, [bin, ...args], {
    env: { NODE_ENV: "test", DATABASE_URL: t.url, ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({
      code: err.code,
      stdout: err.stdout,
      stderr: err.stderr,
    }),
  );

describe("switchyard keys rotate (the real bin)", () => {
  it("re-encrypts every connection under the new key, then has nothing left to do", async () => {
    const [keyA, keyB] = [randomBytes(32), randomBytes(32)];
    const workspaceId = (await t.db.workspace.create({ data: { slug: "keys-ws", name: "Keys" } })).id;
    const secrets = [1, 2, 3].map((i) => ({ token: `cli-secret-${i}-${randomBytes(8).toString("hex")}` }));
    const ids: string[] = [];
    for (const [i, s] of secrets.entries()) {
      ids.push(
        (
          await createConnection(t.db, new KeyRing(keyA), {
            workspaceId,
            name: `c${i}`,
            connector: "github",
            authKind: "bearer",
            secrets: s,
          })
        ).id,
      );
    }
    const env = {
      SWITCHYARD_ENCRYPTION_KEY: keyB.toString("base64"),
      SWITCHYARD_ENCRYPTION_KEYS_OLD: keyA.toString("base64"),
    };

    const first = await cli(["keys", "rotate", "--batch-size", "2"], env);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toContain(`Re-encrypted 3 connection(s) under key ${keyIdOf(keyB)}; 0 already used it.`);
    expect(first.stdout).not.toContain(secrets[0]!.token);
    const onlyB = new KeyRing(keyB);
    for (const [i, id] of ids.entries())
      expect((await loadConnectionSecrets(t.db, onlyB, workspaceId, id)).secrets).toEqual(secrets[i]);

    const second = await cli(["keys", "rotate", "--json"], env);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ keyId: keyIdOf(keyB), rotated: 0, alreadyCurrent: 3, failed: [] });

    // Without the old key configured, rows still under it are reported and the command fails.
    const keyC = randomBytes(32);
    const stranded = await createConnection(t.db, new KeyRing(keyC), {
      workspaceId,
      name: "stranded",
      connector: "github",
      authKind: "bearer",
      secrets: { token: "s" },
    });
    const missing = await cli(["keys", "rotate"], { SWITCHYARD_ENCRYPTION_KEY: keyB.toString("base64") });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(`${stranded.id} (key ${keyIdOf(keyC)})`);
    expect(missing.stderr).toContain("SWITCHYARD_ENCRYPTION_KEYS_OLD");
  });

  it("explains a missing or malformed key", async () => {
    const unset = await cli(["keys", "rotate"], {});
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain("SWITCHYARD_ENCRYPTION_KEY is not set");
    const short = await cli(["keys", "rotate"], { SWITCHYARD_ENCRYPTION_KEY: randomBytes(31).toString("base64") });
    expect(short.code).not.toBe(0);
    expect(short.stderr).toContain(
      "SWITCHYARD_ENCRYPTION_KEY: SWITCHYARD_ENCRYPTION_KEY must decode to exactly 32 bytes, got 31",
    );
  });
});
