import { KeyRingError, parseKeyRing, rotateSecretKeys, type KeyRing, type RotationResult } from "@switchyard/db";
import { CliError } from "./api";
import { withDatabase } from "./db";
import { env } from "./env";

function keyRing(): KeyRing {
  try {
    return parseKeyRing(env);
  } catch (err) {
    if (err instanceof KeyRingError) throw new CliError(err.message);
    throw err;
  }
}

/** `keys rotate`: re-encrypts every sealed value (connections, trigger state) under the current key, straight in the database. */
export async function rotateKeys({ batchSize }: { batchSize: number }): Promise<RotationResult> {
  const ring = keyRing();
  return withDatabase("rotate keys", (db) => rotateSecretKeys(db, ring, { batchSize }));
}
