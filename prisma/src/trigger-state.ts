// A trigger's durable key-value store. Providers' webhook secrets live here next
// to cursors, so every value is sealed under the key ring like connection secrets.
import type { Prisma, PrismaClient } from "./generated/client";
import { decryptSecret, encryptSecret, type KeyRing } from "./secrets";

type Tx = Pick<PrismaClient, "triggerState" | "$executeRaw">;

/** Another poll of the same trigger committed first; this one's view is stale and must not be written. */
export class TriggerStateConflictError extends Error {
  override name = "TriggerStateConflictError";
}

/** Binds a value to its place: a blob copied to another trigger or key will not decrypt. */
export const triggerStateAad = (workflowId: string, triggerKey: string, key: string): string =>
  `trigger-state:${workflowId}:${triggerKey}:${key}`;

export interface TriggerScope {
  workflowId: string;
  /** Identifies the trigger's configuration; see Workflow's trigger key in @switchyard/workflows. */
  triggerKey: string;
}

/** Structurally the connectors' KeyValueStore (this package cannot depend on connectors). */
export interface TriggerStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

export function createTriggerStore(db: Tx, ring: KeyRing, scope: TriggerScope): TriggerStore {
  const where = (key: string) => ({ workflowId_triggerKey_key: { ...scope, key } });
  return {
    async get<T>(key: string) {
      const row = await db.triggerState.findUnique({ where: where(key), select: { value: true } });
      return row
        ? decryptSecret<T>(ring, row.value, triggerStateAad(scope.workflowId, scope.triggerKey, key))
        : undefined;
    },
    async set(key, value) {
      const blob = encryptSecret(ring, value, triggerStateAad(scope.workflowId, scope.triggerKey, key));
      const data = { value: { ...blob } as Prisma.InputJsonObject, keyId: blob.kid };
      await db.triggerState.upsert({ where: where(key), create: { ...scope, key, ...data }, update: data });
    },
    async delete(key) {
      await db.triggerState.deleteMany({ where: { ...scope, key } });
    },
  };
}

/**
 * Reads through to the database and buffers writes, so a poll's new cursor
 * can be committed in the same transaction as the runs it starts. The commit
 * is optimistic: under a per-workflow lock it re-reads what this store read
 * and refuses (TriggerStateConflictError) if another poll changed it meanwhile,
 * so two overlapping polls can never both start the same items.
 */
export type BufferedTriggerStore = TriggerStore & { commit(tx: Tx): Promise<void> };

export function createBufferedTriggerStore(db: Tx, ring: KeyRing, scope: TriggerScope): BufferedTriggerStore {
  const base = createTriggerStore(db, ring, scope);
  const pending = new Map<string, { value: unknown } | null>();
  const read = new Map<string, string>();
  const snapshot = (v: unknown) => JSON.stringify(v ?? null);
  return {
    async get<T>(key: string) {
      const buffered = pending.get(key);
      if (buffered !== undefined)
        return (buffered === null ? undefined : structuredClone(buffered.value)) as T | undefined;
      const value = await base.get<T>(key);
      if (!read.has(key)) read.set(key, snapshot(value));
      return value;
    },
    async set(key, value) {
      pending.set(key, { value: structuredClone(value) });
    },
    async delete(key) {
      pending.set(key, null);
    },
    async commit(tx) {
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended(${`trigger:${scope.workflowId}`}, 0))`;
      const target = createTriggerStore(tx, ring, scope);
      for (const [key, seen] of read) {
        if (snapshot(await target.get(key)) !== seen)
          throw new TriggerStateConflictError(`trigger state "${key}" changed during this poll`);
      }
      for (const [key, entry] of pending) await (entry === null ? target.delete(key) : target.set(key, entry.value));
      pending.clear();
    },
  };
}
