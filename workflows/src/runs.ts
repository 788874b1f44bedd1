import { newId, Prisma, type Db } from "@switchyard/db";
import type { StartRunArgs } from "./client";
import type { WorkflowDefinition } from "./definition/schema";
import type { RunInput } from "./interpreter/contract";
import { runsStarted } from "./observability/metrics";

export type RunSource = "webhook" | "api" | "rerun" | "poll" | "event" | "schedule" | "replay";

/**
 * How an event's sender was checked, kept on the event (`Event.verification`) for the events API:
 * `none` for a webhook taken without auth, `verified` for a delivery whose signature matched.
 * Events without a sender (API, schedule, poll, replay) have none (null).
 */
export type EventVerification = "none" | "verified";

/**
 * Runs whose input (definition, trigger, reuse) is larger than this reach
 * Temporal as their id only, and the interpreter loads the input itself: a
 * start request must stay far below gRPC's 4 MiB message limit, and every
 * byte of it is kept in the workflow's history.
 */
export const INLINE_RUN_INPUT_BYTES = 256 * 1024;

/**
 * The largest input a run can have: the interpreter receives a stored input
 * as an activity result, and Temporal refuses payloads over 2 MiB (its default
 * blob size limit); the rest is room for the payload's envelope.
 */
export const MAX_RUN_INPUT_BYTES = 2 * 1024 * 1024 - 64 * 1024;

/** Size in UTF-8 bytes of a value as JSON, as Postgres receives it and Temporal carries it. */
export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value ?? null));

/** Thrown before anything is stored, for an event larger than its caller allows or than a run can carry. */
export class EventTooLargeError extends Error {
  override name = "EventTooLargeError";
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`the event takes ${bytes} bytes as JSON, over the limit of ${limit} bytes`);
  }
}

export interface NewRun {
  workspaceId: string;
  workflowId: string;
  /** The version the run is pinned to. */
  version: { id: string; definition: unknown };
  source: RunSource;
  /** A new trigger occurrence to store with the run, or an existing event (re-runs). */
  event: NewEvent | { id: string | null; payload: unknown };
  rerunOfId?: string;
  fromStep?: string | null;
  /** Outputs of steps the run must take as already succeeded, by step id. */
  reuse?: Record<string, unknown>;
  /** The member who asked for the run (a checkpoint refuses their approval unless it allows self-approval). */
  startedById?: string | null;
  /** Every step with side effects waits for the developer's approval first, or is skipped as a dry run. */
  testMode?: boolean;
  /** Runs only this step and its ancestors (those in `reuse` are taken as they are). */
  upTo?: string;
}

export interface NewEvent {
  source: string;
  payload: object;
  /** Makes a repeat of the occurrence recognisable: see storeRunOnce. */
  dedupeKey?: string;
  verification?: EventVerification;
  /** The event a replay copies. */
  replayOfId?: string;
}

/** storeRun found the event's dedupeKey taken: the occurrence was stored before, and nothing was written. */
/** A re-run's event lost its body to retention before the run was stored: nothing was written. */
export class EventBodyGoneError extends Error {
  override name = "EventBodyGoneError";
}

class DuplicateEventError extends Error {
  override name = "DuplicateEventError";
}

export interface StoreRunOptions {
  /** A new event over this many bytes of JSON is refused (EventTooLargeError). Without it, or above it, the limit is what a run can carry. */
  maxEventBytes?: number;
  /**
   * How long an event's dedupeKey holds (storeRunOnce): a repeat later than this after the first
   * is a new occurrence. Unset, forever (a schedule fire); an Idempotency-Key holds 24 h.
   */
  dedupeForMs?: number;
}

/** The refusal of a new event over `maxEventBytes` or over what a run can carry, or undefined when it fits. */
export function eventTooLarge(payload: unknown, maxEventBytes = MAX_RUN_INPUT_BYTES): EventTooLargeError | undefined {
  const limit = Math.min(maxEventBytes, MAX_RUN_INPUT_BYTES);
  const bytes = jsonBytes(payload);
  return bytes > limit ? new EventTooLargeError(bytes, limit) : undefined;
}

/** What a run's input is made from, as read from Postgres (`storedRunSelect`) or about to be written. */
export interface StoredRun {
  id: string;
  reuse: unknown;
  testMode?: boolean;
  upTo?: string | null;
  fromStep?: string | null;
  version: { definition: unknown };
  event: { payload: unknown } | null;
}

export const storedRunSelect = {
  id: true,
  reuse: true,
  testMode: true,
  upTo: true,
  fromStep: true,
  version: { select: { definition: true } },
  event: { select: { payload: true } },
} as const satisfies Prisma.RunSelect;

/** A run's whole interpreter input. */
export function runInputOf(run: StoredRun): RunInput {
  const { name, steps } = run.version.definition as WorkflowDefinition;
  const reuse = (run.reuse ?? undefined) as Record<string, unknown> | undefined;
  return {
    runId: run.id,
    workflowName: name,
    steps,
    trigger: run.event?.payload ?? null,
    ...(reuse ? { reuse } : {}),
    ...(run.testMode ? { testMode: true } : {}),
    ...(run.upTo ? { upTo: run.upTo } : {}),
    ...(run.fromStep ? { fromStep: run.fromStep } : {}),
  };
}

/** The one place a run's Temporal start input is made: all of it while small, otherwise the run id only. */
export function startInputOf(run: StoredRun): StartRunArgs {
  const input = runInputOf(run);
  return jsonBytes(input) <= INLINE_RUN_INPUT_BYTES ? input : { runId: run.id, inputStored: true };
}

/**
 * As patient as the pool (10 s for a connection, whose timeout then answers 503): Prisma's own
 * defaults (2 s, 5 s) would fail a webhook with P2028, a 500, while the database is merely busy.
 */
const STORE_TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

/** The columns storeRun writes, in the order of its values. */
const RUN_COLUMNS = Prisma.raw(
  `id, "createdAt", "workspaceId", "workflowId", "versionId", source, "rerunOfId", "fromStep", "upTo", "startedById", "testMode", reuse, "eventId"`,
);

/**
 * Stores a run (and its event) in one statement, queued and not yet dispatched:
 * the outbox. Returns what starting it takes; if that start never happens, the
 * worker's relay starts it, so an accepted run is never lost. Accepts a
 * transaction, so a poll stores its runs together with its new cursor.
 *
 * Hand-written SQL: every webhook comes through here, and Prisma's nested create took
 * 2.6 ms of CPU (query compilation, then a transaction of five round trips) against 1.2 ms.
 */
export async function storeRun(
  db: Pick<Db, "$executeRaw"> & Partial<Pick<Db, "$transaction">>,
  run: NewRun,
  options: StoreRunOptions = {},
): Promise<StartRunArgs> {
  // A stored event that no run can carry would only make a run that fails when it starts.
  const tooLarge = "source" in run.event ? eventTooLarge(run.event.payload, options.maxEventBytes) : undefined;
  if (tooLarge) throw tooLarge;
  const reuse = run.reuse && Object.keys(run.reuse).length ? run.reuse : undefined;
  const runId = newId();
  // This process's clock, as Prisma's @default(now()) was: the columns have no time zone, and the
  // database's own default would follow its session's TimeZone setting.
  const now = new Date();
  const upTo = run.upTo ?? null;
  const testMode = run.testMode ?? false;
  const values = Prisma.sql`${runId}, ${now}::timestamp(3), ${run.workspaceId}, ${run.workflowId}, ${run.version.id}, ${run.source},
    ${run.rerunOfId ?? null}, ${run.fromStep ?? null}, ${upTo}, ${run.startedById ?? null},
    ${testMode}::boolean, ${reuse ? JSON.stringify(reuse) : null}::jsonb`;
  const event = run.event;
  const write = (q: Pick<Db, "$executeRaw">) =>
    "source" in event
      ? q.$executeRaw`
          WITH event AS (
            INSERT INTO "Event" (id, "receivedAt", "workspaceId", "workflowId", source, payload, "dedupeKey",
                                 verification, "replayOfId")
            VALUES (${newId()}, ${now}::timestamp(3), ${run.workspaceId}, ${run.workflowId}, ${event.source},
                    ${JSON.stringify(event.payload)}::jsonb, ${event.dedupeKey ?? null},
                    ${event.verification ?? null}, ${event.replayOfId ?? null})
            ON CONFLICT ("workflowId", "dedupeKey") DO NOTHING
            RETURNING id
          )
          INSERT INTO "Run" (${RUN_COLUMNS}) SELECT ${values}, event.id FROM event`
      : event.id === null
        ? q.$executeRaw`INSERT INTO "Run" (${RUN_COLUMNS}) VALUES (${values}, NULL)`
        : // Shared with retention's lock: it skips the event while this runs, or this waits for it and
          // then finds the body gone (the relay would start the run on the payload as stored).
          q.$executeRaw`
          WITH kept AS (SELECT id FROM "Event" WHERE id = ${event.id} AND "bodyDeletedAt" IS NULL FOR SHARE)
          INSERT INTO "Run" (${RUN_COLUMNS}) SELECT ${values}, kept.id FROM kept`;
  // In a transaction of its own unless in the caller's: a lone statement runs on to its commit
  // after its client is gone, so a request answered 503 could still have stored its run. (Prisma
  // sends a batch of one statement without BEGIN, hence the interactive form: 1.2 ms of CPU.)
  const written = await (db.$transaction ? db.$transaction((tx) => write(tx), STORE_TRANSACTION) : write(db));
  if (written === 0)
    throw "source" in event
      ? new DuplicateEventError(`the event ${String(event.dedupeKey)} is stored already`)
      : new EventBodyGoneError(`the event ${String(event.id)} lost its body to retention`);
  runsStarted.inc({ workflow: run.workflowId, source: run.source });
  return startInputOf({
    id: runId,
    reuse: reuse ?? null,
    testMode,
    upTo,
    fromStep: run.fromStep ?? null,
    version: run.version,
    event: { payload: run.event.payload },
  });
}

/**
 * storeRun for an occurrence that may arrive twice (a schedule fire whose activity is retried
 * after it stored its run, a webhook sent again with its Idempotency-Key): the event's dedupeKey
 * is unique per workflow, so a repeat stores nothing and answers the run stored the first time,
 * also when both arrive at once. A key older than `dedupeForMs` is released and stored anew.
 */
export async function storeRunOnce(
  db: Pick<Db, "$executeRaw" | "run" | "event"> & Partial<Pick<Db, "$transaction">>,
  run: NewRun & { event: NewEvent & { dedupeKey: string } },
  options: StoreRunOptions = {},
): Promise<{ start: StartRunArgs; duplicate: boolean }> {
  const { workflowId, event } = run;
  const cutoff = () => new Date(Date.now() - options.dedupeForMs!);
  // A third pass only when a concurrent repeat released the key between this one's insert and read.
  for (let pass = 1; ; pass++) {
    try {
      return { start: await storeRun(db, run, options), duplicate: false };
    } catch (err) {
      if (!(err instanceof DuplicateEventError)) throw err;
    }
    const first = await db.run.findFirst({
      where: { workflowId, event: { workflowId, dedupeKey: event.dedupeKey } },
      orderBy: { createdAt: "asc" },
      select: { ...storedRunSelect, event: { select: { payload: true, receivedAt: true } } },
    });
    if (!first && pass < 3) {
      // An event is stored with its run, so one with none left lost them to run retention (the event
      // goes at a later sweep): its key is free again. Or a concurrent repeat released it just now.
      await db.$executeRaw`
        UPDATE "Event" e SET "dedupeKey" = NULL
        WHERE e."workflowId" = ${workflowId} AND e."dedupeKey" = ${event.dedupeKey}
          AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r."eventId" = e.id)`;
      continue;
    }
    if (!first) throw new Error(`the event ${event.dedupeKey} is stored, but no run of it can be found`);
    const expired = options.dedupeForMs !== undefined && first.event!.receivedAt < cutoff();
    if (!expired || pass > 1) return { start: startInputOf(first), duplicate: true };
    // Only an expired key is released: of two repeats racing here, one stores, the other finds it.
    await db.event.updateMany({
      where: { workflowId, dedupeKey: event.dedupeKey, receivedAt: { lt: cutoff() } },
      data: { dedupeKey: null },
    });
  }
}
