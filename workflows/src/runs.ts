import type { Db, Prisma } from "@switchyard/db";
import type { StartRunArgs } from "./client";
import type { WorkflowDefinition } from "./definition/schema";
import type { RunInput } from "./interpreter/contract";

export type RunSource = "webhook" | "api" | "rerun" | "poll" | "event";

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
  event: { source: string; payload: object } | { id: string | null; payload: unknown };
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

export interface StoreRunOptions {
  /** A new event over this many bytes of JSON is refused (EventTooLargeError). Without it, or above it, the limit is what a run can carry. */
  maxEventBytes?: number;
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
  version: { definition: unknown };
  event: { payload: unknown } | null;
}

export const storedRunSelect = {
  id: true,
  reuse: true,
  testMode: true,
  upTo: true,
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
  };
}

/** The one place a run's Temporal start input is made: all of it while small, otherwise the run id only. */
export function startInputOf(run: StoredRun): StartRunArgs {
  const input = runInputOf(run);
  return jsonBytes(input) <= INLINE_RUN_INPUT_BYTES ? input : { runId: run.id, inputStored: true };
}

/**
 * Stores a run (and its event) in one statement, queued and not yet dispatched:
 * the outbox. Returns what starting it takes; if that start never happens, the
 * worker's relay starts it, so an accepted run is never lost. Accepts a
 * transaction, so a poll stores its runs together with its new cursor.
 */
export async function storeRun(
  db: Pick<Db, "event" | "run">,
  run: NewRun,
  options: StoreRunOptions = {},
): Promise<StartRunArgs> {
  // A stored event that no run can carry would only make a run that fails when it starts.
  const tooLarge = "source" in run.event ? eventTooLarge(run.event.payload, options.maxEventBytes) : undefined;
  if (tooLarge) throw tooLarge;
  const reuse = run.reuse && Object.keys(run.reuse).length ? (run.reuse as Prisma.InputJsonObject) : undefined;
  const data = {
    workspaceId: run.workspaceId,
    workflowId: run.workflowId,
    versionId: run.version.id,
    source: run.source,
    rerunOfId: run.rerunOfId ?? null,
    fromStep: run.fromStep ?? null,
    upTo: run.upTo ?? null,
    startedById: run.startedById ?? null,
    testMode: run.testMode ?? false,
    ...(reuse ? { reuse } : {}),
  };
  const runId =
    "source" in run.event
      ? (
          await db.event.create({
            data: {
              workspaceId: run.workspaceId,
              workflowId: run.workflowId,
              source: run.event.source,
              payload: run.event.payload as Prisma.InputJsonObject,
              runs: { create: data },
            },
            select: { runs: { select: { id: true } } },
          })
        ).runs[0]!.id
      : (await db.run.create({ data: { ...data, eventId: run.event.id }, select: { id: true } })).id;
  return startInputOf({
    id: runId,
    reuse: reuse ?? null,
    testMode: run.testMode ?? false,
    upTo: data.upTo,
    version: run.version,
    event: { payload: run.event.payload },
  });
}
