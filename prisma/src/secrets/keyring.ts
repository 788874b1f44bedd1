import { createHash } from "node:crypto";

/** AES-256-GCM takes a 32-byte key. */
export const KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const GENERATE_HINT = "generate one with: openssl rand -base64 32";

/** A configuration problem; the message names the variable and never contains key material. */
export class KeyRingError extends Error {
  override name = "KeyRingError";
}

/**
 * The id stored next to every ciphertext: the first 8 hex digits of SHA-256 over a
 * domain-separated key. Derived, never configured, so the same key always has the same
 * id on every process and the old-keys list cannot mislabel a key.
 */
export function keyIdOf(key: Uint8Array): string {
  return createHash("sha256").update("switchyard-encryption-key-id:").update(key).digest("hex").slice(0, 8);
}

/** Parses one base64 key; `what` names it in errors (e.g. "SWITCHYARD_ENCRYPTION_KEY"). */
export function parseKey(value: string, what: string): Buffer {
  const text = value.trim();
  if (!BASE64.test(text) || text.length % 4 !== 0)
    throw new KeyRingError(`${what} is not valid base64; ${GENERATE_HINT}`);
  const key = Buffer.from(text, "base64");
  if (key.length !== KEY_BYTES)
    throw new KeyRingError(`${what} must decode to exactly ${KEY_BYTES} bytes, got ${key.length}; ${GENERATE_HINT}`);
  return key;
}

// The key bytes live here, not on the ring, so logging or serializing a ring shows ids only.
const secretKeys = new WeakMap<KeyRing, ReadonlyMap<string, Buffer>>();

/** The current key (encrypts and decrypts) plus older keys (decrypt only, until a rotation retires them). */
export class KeyRing {
  readonly currentKeyId: string;
  readonly keyIds: readonly string[];

  constructor(current: Uint8Array, old: readonly Uint8Array[] = []) {
    const keys = new Map<string, Buffer>();
    for (const key of [current, ...old]) {
      if (key.length !== KEY_BYTES)
        throw new KeyRingError(`an encryption key must be exactly ${KEY_BYTES} bytes, got ${key.length}`);
      keys.set(keyIdOf(key), Buffer.from(key));
    }
    this.currentKeyId = keyIdOf(current);
    this.keyIds = [...keys.keys()];
    secretKeys.set(this, keys);
  }

  has(keyId: string): boolean {
    return this.keyIds.includes(keyId);
  }
}

/** The key with this id, or undefined; internal to the secrets module (not exported from the package). */
export const keyBytes = (ring: KeyRing, keyId: string): Buffer | undefined => secretKeys.get(ring)?.get(keyId);

export interface KeyRingConfig {
  /** base64 of 32 bytes: encrypts everything new. */
  SWITCHYARD_ENCRYPTION_KEY?: string | undefined;
  /** Comma-separated base64 keys that still decrypt older data; each may be written `<key id>:<base64>` as a label, and the label must match the key. */
  SWITCHYARD_ENCRYPTION_KEYS_OLD?: string | undefined;
}

function parseOldKeys(list: string): Buffer[] {
  const VAR = "SWITCHYARD_ENCRYPTION_KEYS_OLD";
  return list
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, i) => {
      const colon = entry.indexOf(":");
      const label = colon === -1 ? undefined : entry.slice(0, colon).trim();
      const key = parseKey(colon === -1 ? entry : entry.slice(colon + 1), `${VAR} entry ${i + 1}`);
      if (label !== undefined && label !== keyIdOf(key)) {
        throw new KeyRingError(`${VAR} entry ${i + 1} is labelled "${label}" but that key's id is ${keyIdOf(key)}`);
      }
      return key;
    });
}

/** Builds the ring from configuration; throws KeyRingError naming the variable at fault. */
export function parseKeyRing(config: KeyRingConfig): KeyRing {
  if (!config.SWITCHYARD_ENCRYPTION_KEY?.trim()) {
    throw new KeyRingError(
      `SWITCHYARD_ENCRYPTION_KEY is not set; connections cannot be encrypted without it (${GENERATE_HINT})`,
    );
  }
  const current = parseKey(config.SWITCHYARD_ENCRYPTION_KEY, "SWITCHYARD_ENCRYPTION_KEY");
  return new KeyRing(current, parseOldKeys(config.SWITCHYARD_ENCRYPTION_KEYS_OLD ?? ""));
}

/** For env.ts refinements: the problem with the configured keys, or undefined when they parse (or the current key is unset). */
export function keyRingConfigProblem(config: KeyRingConfig): string | undefined {
  try {
    if (config.SWITCHYARD_ENCRYPTION_KEY?.trim()) parseKeyRing(config);
    else if (config.SWITCHYARD_ENCRYPTION_KEYS_OLD?.trim()) parseOldKeys(config.SWITCHYARD_ENCRYPTION_KEYS_OLD);
    return undefined;
  } catch (err) {
    if (err instanceof KeyRingError) return err.message;
    throw err;
  }
}
