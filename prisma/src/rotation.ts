import { connectionAad } from "./connections";
import type { PrismaClient } from "./generated/client";
import { decryptSecret, encryptSecret, type KeyRing } from "./secrets";
import { triggerStateAad } from "./trigger-state";

type Row = Record<string, unknown> & { id: string; keyId: string };

/** Every table holding sealed values: where the blob is and what it is bound to. */
const SEALED = [
  { table: "Connection", column: "secrets", aad: (r: Row) => connectionAad(r.id) },
  {
    table: "TriggerState",
    column: "value",
    aad: (r: Row) => triggerStateAad(String(r.workflowId), String(r.triggerKey), String(r.key)),
  },
] as const;

export interface RotationResult {
  /** The key every rotated row is now under. */
  keyId: string;
  /** Rows re-encrypted by this call. */
  rotated: number;
  /** Rows that were already under the current key. */
  alreadyCurrent: number;
  /** Rows that could not be decrypted (e.g. their key is not configured); they are left as they were. */
  failed: { table: string; id: string; keyId: string; error: string }[];
}

/**
 * Re-encrypts every sealed value (connection secrets, trigger state) not under
 * the ring's current key, `batchSize` rows per query. Each row is re-read under
 * a row lock and rewritten in its own transaction, so a concurrent update is
 * never overwritten with stale data; a key change is not an edit, so updatedAt
 * keeps its value. Idempotent. Rows that fail to decrypt are reported and skipped.
 */
export async function rotateSecretKeys(
  db: PrismaClient,
  ring: KeyRing,
  { batchSize = 100 }: { batchSize?: number } = {},
): Promise<RotationResult> {
  const keyId = ring.currentKeyId;
  const result: RotationResult = { keyId, rotated: 0, alreadyCurrent: 0, failed: [] };
  for (const { table, column, aad } of SEALED) {
    // Table and column names come from the constant above, never from input.
    const [current] = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "${table}" WHERE "keyId" = $1`,
      keyId,
    );
    result.alreadyCurrent += current!.n;
    let after = "";
    for (;;) {
      const batch = await db.$queryRawUnsafe<{ id: string }[]>(
        `SELECT "id" FROM "${table}" WHERE "keyId" <> $1 AND "id" > $2 ORDER BY "id" LIMIT $3`,
        keyId,
        after,
        batchSize,
      );
      for (const { id } of batch) {
        try {
          const rotated = await db.$transaction(async (tx) => {
            const [row] = await tx.$queryRawUnsafe<Row[]>(`SELECT * FROM "${table}" WHERE "id" = $1 FOR UPDATE`, id);
            if (!row || row.keyId === keyId) return false;
            const blob = encryptSecret(ring, decryptSecret(ring, row[column], aad(row)), aad(row));
            await tx.$executeRawUnsafe(
              `UPDATE "${table}" SET "${column}" = $1::jsonb, "keyId" = $2 WHERE "id" = $3`,
              JSON.stringify(blob),
              blob.kid,
              id,
            );
            return true;
          });
          if (rotated) result.rotated += 1;
        } catch (err) {
          const [row] = await db.$queryRawUnsafe<{ keyId: string }[]>(
            `SELECT "keyId" FROM "${table}" WHERE "id" = $1`,
            id,
          );
          result.failed.push({
            table,
            id,
            keyId: row?.keyId ?? "?",
            error: err instanceof Error ? err.message : String(err),
          });
        }
      }
      if (batch.length < batchSize) break;
      after = batch.at(-1)!.id;
    }
  }
  return result;
}
