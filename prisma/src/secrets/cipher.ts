import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { z } from "zod";
import { keyBytes, type KeyRing } from "./keyring";

const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What is stored: JSON-able, self-describing (format version and key id), base64 fields. */
export interface EncryptedSecret {
  v: 1;
  kid: string;
  iv: string;
  tag: string;
  ct: string;
}

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const encryptedSecretSchema = z.object({ v: z.literal(1), kid: z.string().min(1), iv: b64, tag: b64, ct: b64 });

/** Decryption failed; the message never contains plaintext or key material. */
export class SecretDecryptionError extends Error {
  override name = "SecretDecryptionError";
}

/** The blob names a key the ring does not hold (configure it in SWITCHYARD_ENCRYPTION_KEYS_OLD). */
export class UnknownKeyError extends SecretDecryptionError {
  override name = "UnknownKeyError";
  constructor(readonly keyId: string) {
    super(
      `secret is encrypted under key id "${keyId}", which is not configured; add that key to SWITCHYARD_ENCRYPTION_KEYS_OLD`,
    );
  }
}

export const isEncryptedSecret = (value: unknown): value is EncryptedSecret =>
  encryptedSecretSchema.safeParse(value).success;

/**
 * AES-256-GCM under the ring's current key with a random 96-bit IV. `aad` binds the
 * ciphertext to where it is stored (e.g. `connection:<id>`), so it will not decrypt anywhere else.
 */
export function encryptSecret(ring: KeyRing, plaintext: unknown, aad: string): EncryptedSecret {
  const kid = ring.currentKeyId;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, keyBytes(ring, kid)!, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ct = Buffer.concat([cipher.update(JSON.stringify(plaintext), "utf8"), cipher.final()]);
  return {
    v: 1,
    kid,
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    ct: ct.toString("base64"),
  };
}

/** Reverses encryptSecret with the key the blob names; throws UnknownKeyError or SecretDecryptionError. */
export function decryptSecret<T = unknown>(ring: KeyRing, blob: unknown, aad: string): T {
  const parsed = encryptedSecretSchema.safeParse(blob);
  if (!parsed.success)
    throw new SecretDecryptionError("stored secret is not an encrypted secret (expected {v: 1, kid, iv, tag, ct})");
  const { kid, iv, tag, ct } = parsed.data;
  const key = keyBytes(ring, kid);
  if (!key) throw new UnknownKeyError(kid);
  const ivBytes = Buffer.from(iv, "base64");
  const tagBytes = Buffer.from(tag, "base64");
  // Node accepts truncated GCM tags unless told the length; refuse anything but the full tag.
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES)
    throw new SecretDecryptionError(`could not authenticate the secret (key id "${kid}"): malformed iv or tag`);
  let text: string;
  try {
    const decipher = createDecipheriv(ALGORITHM, key, ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(tagBytes);
    text = Buffer.concat([decipher.update(Buffer.from(ct, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError(
      `could not authenticate the secret (key id "${kid}"): it was altered, belongs to another record, or the key is wrong`,
    );
  }
  return JSON.parse(text) as T;
}
