import { newId, type Db } from "@switchyard/db";
import type { StepStatus } from "../interpreter/contract";

// Hand-written SQL: every step attempt writes its row at its start and at its end, and Prisma's
// query compiler cost 0.5-0.8 ms of CPU per statement on the worker's main thread (README,
// Benchmarks). Times come from this process's clock, as Prisma's did: the columns have no zone.

type Writer = Pick<Db, "$executeRaw">;

/** JSON for a jsonb parameter; undefined is SQL NULL, which the upserts read as "leave it". */
const jsonb = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
const timestamp = (value: Date | undefined) => value ?? null;
/** The largest value of an `integer` column: a sum of durations beyond it is recorded as it. */
const INT_MAX = 2_147_483_647;

/**
 * The row of a step attempt that is starting: running, with this attempt's number and input,
 * and no error left from an earlier attempt. Its first start time stays.
 */
export async function markStepRunning(
  db: Writer,
  row: { runId: string; stepId: string; attempts: number; input: unknown },
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "StepRun" (id, "runId", "stepId", status, attempts, "startedAt", input)
    VALUES (${newId()}, ${row.runId}, ${row.stepId}, 'running', ${row.attempts}, ${new Date()}::timestamp(3),
            ${jsonb(row.input)}::jsonb)
    ON CONFLICT ("runId", "stepId") DO UPDATE SET status = 'running', attempts = EXCLUDED.attempts,
      input = COALESCE(EXCLUDED.input, "StepRun".input), error = NULL`;
}

export interface StepRow {
  runId: string;
  stepId: string;
  status: StepStatus;
  attempts: number;
  endedAt: Date;
  /** Each of these, when undefined, keeps what the row holds. */
  input?: unknown;
  output?: unknown;
  error?: unknown;
  startedAt?: Date;
  /** `cached`: the output is a remembered result, taken from `originRunId`. */
  reason?: "cached";
  originRunId?: string;
  /** Connector calls the step did not make (cache hits, reused items), and their original duration. */
  saved?: { calls: number; ms: number };
  /** An incremental fan-out's counts and changes: merged into what the row holds (its plan wrote the changes). */
  incremental?: object;
}

/** A step's settled row, created if the step had none. */
export async function writeStepRow(db: Writer, row: StepRow): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "StepRun" (id, "runId", "stepId", status, attempts, "endedAt", input, output, error, "startedAt",
                           reason, "originRunId", "savedCalls", "savedMs", incremental)
    VALUES (${newId()}, ${row.runId}, ${row.stepId}, ${row.status}::"StepStatus", ${row.attempts},
            ${row.endedAt}::timestamp(3), ${jsonb(row.input)}::jsonb, ${jsonb(row.output)}::jsonb,
            ${jsonb(row.error)}::jsonb, ${timestamp(row.startedAt)}::timestamp(3),
            ${row.reason ?? null}, ${row.originRunId ?? null}, ${row.saved?.calls ?? 0}, ${Math.min(Math.round(row.saved?.ms ?? 0), INT_MAX)},
            ${jsonb(row.incremental)}::jsonb)
    ON CONFLICT ("runId", "stepId") DO UPDATE SET status = EXCLUDED.status, attempts = EXCLUDED.attempts,
      "endedAt" = EXCLUDED."endedAt",
      input = COALESCE(EXCLUDED.input, "StepRun".input),
      output = COALESCE(EXCLUDED.output, "StepRun".output),
      error = COALESCE(EXCLUDED.error, "StepRun".error),
      "startedAt" = COALESCE(EXCLUDED."startedAt", "StepRun"."startedAt"),
      reason = COALESCE(EXCLUDED.reason, "StepRun".reason),
      "originRunId" = COALESCE(EXCLUDED."originRunId", "StepRun"."originRunId"),
      "savedCalls" = GREATEST(EXCLUDED."savedCalls", "StepRun"."savedCalls"),
      "savedMs" = GREATEST(EXCLUDED."savedMs", "StepRun"."savedMs"),
      incremental = COALESCE("StepRun".incremental || EXCLUDED.incremental, EXCLUDED.incremental, "StepRun".incremental)`;
}
