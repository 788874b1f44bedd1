import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  decryptSecret,
  encryptSecret,
  KeyRing,
  keyIdOf,
  parseKeyRing,
  SecretDecryptionError,
  UnknownKeyError,
} from ".";

const b64 = (key: Buffer) => key.toString("base64");
const keyA = randomBytes(32);
const keyB = randomBytes(32);
const ringA = new KeyRing(keyA);
const ringB = new KeyRing(keyB);
const secret = { accessToken: `xoxb-${randomBytes(12).toString("hex")}`, nested: { n: 1, list: ["a"] } };

/** Flips one bit of a base64 field. */
const flip = (field: string) => {
  const bytes = Buffer.from(field, "base64");
  bytes[0]! ^= 1;
  return bytes.toString("base64");
};

describe("encryptSecret / decryptSecret", () => {
  it("round-trips a JSON object and stores only {v, kid, iv, tag, ct}", () => {
    const blob = encryptSecret(ringA, secret, "connection:1");
    expect(Object.keys(blob).sort()).toEqual(["ct", "iv", "kid", "tag", "v"]);
    expect(blob).toMatchObject({ v: 1, kid: keyIdOf(keyA) });
    expect(Buffer.from(blob.iv, "base64")).toHaveLength(12);
    expect(JSON.stringify(blob)).not.toContain(secret.accessToken);
    expect(decryptSecret(ringA, JSON.parse(JSON.stringify(blob)), "connection:1")).toEqual(secret);
  });

  it("uses a fresh IV each time", () => {
    const [a, b] = [encryptSecret(ringA, secret, "x"), encryptSecret(ringA, secret, "x")];
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
  });

  it("detects tampering with the ciphertext, tag or iv", () => {
    const blob = encryptSecret(ringA, secret, "connection:1");
    for (const field of ["ct", "tag", "iv"] as const) {
      expect(() => decryptSecret(ringA, { ...blob, [field]: flip(blob[field]) }, "connection:1")).toThrow(
        /could not authenticate/,
      );
    }
    // A truncated tag is refused outright (Node would otherwise accept short GCM tags).
    const short = Buffer.from(blob.tag, "base64").subarray(0, 4).toString("base64");
    expect(() => decryptSecret(ringA, { ...blob, tag: short }, "connection:1")).toThrow(/could not authenticate/);
  });

  it("refuses a blob under another AAD (moved to another row)", () => {
    const blob = encryptSecret(ringA, secret, "connection:1");
    expect(() => decryptSecret(ringA, blob, "connection:2")).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(ringA, blob, "connection:2")).toThrow(/could not authenticate/);
  });

  it("names an unknown key id", () => {
    const blob = encryptSecret(ringA, secret, "c");
    const err = (() => {
      try {
        decryptSecret(ringB, blob, "c");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UnknownKeyError);
    expect((err as UnknownKeyError).keyId).toBe(keyIdOf(keyA));
    expect((err as Error).message).toContain(`"${keyIdOf(keyA)}"`);
    expect((err as Error).message).toContain("SWITCHYARD_ENCRYPTION_KEYS_OLD");
  });

  it("refuses what is not an encrypted blob", () => {
    expect(() => decryptSecret(ringA, { token: "plain" }, "c")).toThrow(/not an encrypted secret/);
  });

  it("decrypts with an old key and encrypts with the current one", () => {
    const old = encryptSecret(ringA, secret, "c");
    const ring = new KeyRing(keyB, [keyA]);
    expect(decryptSecret(ring, old, "c")).toEqual(secret);
    expect(encryptSecret(ring, secret, "c").kid).toBe(keyIdOf(keyB));
  });
});

describe("parseKeyRing", () => {
  it("derives 8-hex key ids and keeps key bytes out of logs and JSON", () => {
    const ring = parseKeyRing({
      SWITCHYARD_ENCRYPTION_KEY: b64(keyB),
      SWITCHYARD_ENCRYPTION_KEYS_OLD: ` ${b64(keyA)} `,
    });
    expect(ring.currentKeyId).toMatch(/^[0-9a-f]{8}$/);
    expect(ring.keyIds).toEqual([keyIdOf(keyB), keyIdOf(keyA)]);
    for (const shown of [JSON.stringify(ring), inspect(ring, { depth: 10, showHidden: true })]) {
      expect(shown).not.toContain(b64(keyA));
      expect(shown).not.toContain(b64(keyB));
    }
  });

  it("accepts labelled old keys and refuses a label that does not match", () => {
    const ring = parseKeyRing({
      SWITCHYARD_ENCRYPTION_KEY: b64(keyB),
      SWITCHYARD_ENCRYPTION_KEYS_OLD: `${keyIdOf(keyA)}:${b64(keyA)},`,
    });
    expect(ring.has(keyIdOf(keyA))).toBe(true);
    expect(() =>
      parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: b64(keyB), SWITCHYARD_ENCRYPTION_KEYS_OLD: `deadbeef:${b64(keyA)}` }),
    ).toThrow(`SWITCHYARD_ENCRYPTION_KEYS_OLD entry 1 is labelled "deadbeef" but that key's id is ${keyIdOf(keyA)}`);
  });

  it("names the variable and the byte count for a key of the wrong length, without echoing it", () => {
    const short = randomBytes(16).toString("base64");
    const attempt = () => parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: short });
    expect(attempt).toThrow(
      "SWITCHYARD_ENCRYPTION_KEY must decode to exactly 32 bytes, got 16; generate one with: openssl rand -base64 32",
    );
    expect(() =>
      parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: b64(keyA), SWITCHYARD_ENCRYPTION_KEYS_OLD: `${b64(keyB)},${short}` }),
    ).toThrow("SWITCHYARD_ENCRYPTION_KEYS_OLD entry 2 must decode to exactly 32 bytes, got 16");
    expect(() => parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: "not base64!" })).toThrow(
      "SWITCHYARD_ENCRYPTION_KEY is not valid base64",
    );
    expect(() => parseKeyRing({})).toThrow("SWITCHYARD_ENCRYPTION_KEY is not set");
  });
});
