// Remembered step results (`cache`), read and written only here, in activities: a lookup is I/O,
// so the workflow asks for it and replays its answer from history.
import { Prisma } from "@switchyard/db";
import type { CachedOutcome, CacheLookup, CacheLookupInput, CacheSlot, StoreCacheInput } from "../interpreter/contract";
import { stepCacheHits } from "../observability/metrics";
import { bookkeeping } from "./database";
import type { ActivityDeps } from "./deps";
import { CONNECTION_IDENTITY, definitionParts, hashOf } from "./step-identity";
import { outcomeOf } from "./step-result";
import { writeStepRow } from "./step-rows";

/** Entries a step keeps unless configured otherwise; the least recently used beyond it go. */
export const DEFAULT_STEP_CACHE_ENTRIES = 1_000;
/** Most entries one store evicts: a lowered bound shrinks a step's entries over several stores. */
const EVICTIONS_PER_STORE = 100;

type CacheDeps = Pick<ActivityDeps, "db" | "registry" | "logger" | "now" | "stepCacheEntries">;

const clock = (deps: Pick<ActivityDeps, "now">) => deps.now?.() ?? new Date();

/**
 * The entry a request names, computed without the database: the step's definition (`uses`, the
 * `with` template, the connection's name), the operation's version, and the rendered key, or else
 * the rendered inputs. The workflow and the connection's row are matched by the statements, from
 * the run, so one statement reads a hit.
 */
function slotOf(deps: CacheDeps, input: CacheLookupInput): CacheSlot {
  const definition = definitionParts(deps.registry, {
    uses: input.uses,
    with: input.cache.template,
    ...(input.connection ? { connection: input.connection } : {}),
  });
  return { key: hashOf({ ...definition, input: input.cache.key ?? input.with }) };
}

/**
 * The run's workflow and the step's connection's identity (its row, and the account it is signed
 * in as, which a reconnect may change): what an entry belongs to besides its key.
 */
const runTarget = (runId: string, connection: string | undefined) => Prisma.sql`
  SELECT r."workflowId", ${CONNECTION_IDENTITY} AS "connectionId"
  FROM "Run" r LEFT JOIN "Connection" c ON c."workspaceId" = r."workspaceId" AND c.name = ${connection ?? null}
  WHERE r.id = ${runId}`;

interface Entry {
  output: unknown;
  runId: string;
  durationMs: number;
}

/**
 * A live entry of the run's workflow, computed with the step's connection as it is now and within
 * the step's ttl, marked used in the same statement (for its hits and the LRU bound).
 */
async function takeEntry(deps: CacheDeps, slot: CacheSlot, input: CacheLookupInput): Promise<Entry | undefined> {
  const now = clock(deps);
  const [entry] = await deps.db.$queryRaw<Entry[]>`
    WITH target AS (${runTarget(input.runId, input.connection)})
    UPDATE "StepCacheEntry" e SET "usedAt" = ${now}::timestamp(3), hits = e.hits + 1
    FROM target t
    WHERE e."workflowId" = t."workflowId" AND e."stepId" = ${input.stepId} AND e.key = ${slot.key}
      AND e."connectionId" IS NOT DISTINCT FROM t."connectionId" AND e."expiresAt" > ${now}::timestamp(3)
      -- The ttl is the step's as defined now: a shortened one holds for entries stored under the longer.
      AND e."createdAt" > ${new Date(now.getTime() - input.cache.ttlMs)}::timestamp(3)
    RETURNING e.output, e."runId", e."durationMs"`;
  return entry;
}

/**
 * Looks the step's result up. A hit is recorded as the step's row at once (`cached`, from the
 * entry's run, saving `savedCalls` calls and the entry's duration); a miss answers where to store
 * the result. A step that may not read (a re-run's first step) always misses.
 */
export async function lookUpCache(deps: CacheDeps, input: CacheLookupInput, savedCalls: number): Promise<CacheLookup> {
  const slot = slotOf(deps, input);
  const entry = input.cache.read ? await takeEntry(deps, slot, input) : undefined;
  if (!entry) return { miss: slot };
  const at = new Date();
  await writeStepRow(deps.db, {
    runId: input.runId,
    stepId: input.stepId,
    status: "succeeded",
    attempts: 0,
    startedAt: at,
    endedAt: at,
    input: input.with,
    output: entry.output,
    reason: "cached",
    originRunId: entry.runId,
    saved: { calls: savedCalls, ms: entry.durationMs },
  });
  stepCacheHits.inc({ operation: input.uses });
  const hit: CachedOutcome = { ...outcomeOf(entry.output), cachedFrom: entry.runId };
  return { hit };
}

/** A failure named without its message: a database error may quote the row, output and all. */
const failureOf = (err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  return { error: err instanceof Error ? err.name : typeof err, ...(typeof code === "string" ? { code } : {}) };
};

/**
 * Remembers a succeeded step's result, replacing the slot's entry, and evicts the step's least
 * recently used entries beyond its bound, in one statement. A result that cannot be stored is
 * only logged: the step has succeeded, and its next run calls it again.
 */
export async function storeCacheEntry(deps: CacheDeps, input: StoreCacheInput): Promise<void> {
  const { key } = input.slot;
  const now = clock(deps);
  const expiresAt = new Date(now.getTime() + input.ttlMs);
  // The statement's snapshot does not see its own insert: the others keep one place less.
  const others = (deps.stepCacheEntries ?? DEFAULT_STEP_CACHE_ENTRIES) - 1;
  try {
    await deps.db.$executeRaw`
      WITH target AS (${runTarget(input.runId, input.connection)}),
      stored AS (
        INSERT INTO "StepCacheEntry" ("workflowId", "stepId", key, "connectionId", output, "runId", "durationMs",
                                      "createdAt", "expiresAt", "usedAt", hits)
        SELECT t."workflowId", ${input.stepId}, ${key}, t."connectionId", ${JSON.stringify(input.output ?? null)}::jsonb,
               ${input.runId}, ${Math.round(input.durationMs)}, ${now}::timestamp(3), ${expiresAt}::timestamp(3),
               ${now}::timestamp(3), 0
        FROM target t
        ON CONFLICT ("workflowId", "stepId", key) DO UPDATE SET "connectionId" = EXCLUDED."connectionId",
          output = EXCLUDED.output, "runId" = EXCLUDED."runId", "durationMs" = EXCLUDED."durationMs",
          "createdAt" = EXCLUDED."createdAt", "expiresAt" = EXCLUDED."expiresAt", "usedAt" = EXCLUDED."usedAt", hits = 0
      )
      DELETE FROM "StepCacheEntry" e USING target t
      WHERE e."workflowId" = t."workflowId" AND e."stepId" = ${input.stepId} AND e.key IN (
        SELECT o.key FROM "StepCacheEntry" o
        WHERE o."workflowId" = t."workflowId" AND o."stepId" = ${input.stepId} AND o.key <> ${key}
        ORDER BY o."usedAt" DESC
        OFFSET ${others} LIMIT ${EVICTIONS_PER_STORE})`;
  } catch (err) {
    deps.logger.warn("step result not remembered; the step's next run computes it again", {
      runId: input.runId,
      stepId: input.stepId,
      ...failureOf(err),
    });
  }
}

export function createStepCacheActivities(deps: ActivityDeps) {
  return {
    /** A core step's lookup: the workflow evaluates the step only on a miss. */
    async lookUpStepCache(input: CacheLookupInput): Promise<CacheLookup> {
      // A core step calls no connector, so a hit saves no call.
      return bookkeeping(deps, () => lookUpCache(deps, input, 0));
    },
    /** Remembers a core step's result; it never fails (a lost entry costs one evaluation). */
    async storeStepCache(input: StoreCacheInput): Promise<void> {
      await storeCacheEntry(deps, input);
    },
  };
}
