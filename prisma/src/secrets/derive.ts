import { hkdfSync } from "node:crypto";
import { KEY_BYTES, keyBytes, type KeyRing } from "./keyring";

/**
 * A key for one purpose (e.g. signing approval links), derived from a ring key with HKDF-SHA256,
 * so the encryption key itself never signs anything and one purpose's key tells nothing of another's.
 * `keyId` picks an older ring key, so what was signed before a rotation still verifies until that
 * key is retired; undefined when the ring does not hold it.
 */
export function deriveKey(ring: KeyRing, purpose: string, keyId = ring.currentKeyId): Buffer | undefined {
  const key = keyBytes(ring, keyId);
  if (!key) return undefined;
  return Buffer.from(hkdfSync("sha256", key, "switchyard-derived-key", purpose, KEY_BYTES));
}
