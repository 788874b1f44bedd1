import { ApplicationFailure } from "@temporalio/common";
import type { Db, Prisma } from "@switchyard/db";
import { writeStepRow } from "./step-rows";
import { INLINE_OUTPUT_BYTES, type StepOutcome, type StepResultRecord } from "../interpreter/contract";

export const json = (value: unknown) => (value === undefined ? undefined : (value as Prisma.InputJsonValue));

/** Large outputs stay in Postgres (Temporal payloads cap at 2 MB); the workflow only learns where. */
export const outcomeOf = (output: unknown): StepOutcome =>
  JSON.stringify(output ?? null).length > INLINE_OUTPUT_BYTES ? { stored: "step" } : { output };

/** A step's final result, written by its activity, or after an outage by recordStepResult. */
export async function writeStepResult(db: Pick<Db, "$executeRaw">, r: StepResultRecord): Promise<void> {
  await writeStepRow(db, { ...r, endedAt: new Date(r.endedAt) });
}

/**
 * How a step or batch ends when its connector has acted but the result cannot be stored: not
 * retried, since another attempt would act again, and saying why.
 */
export function resultNotStored(err: unknown): ApplicationFailure {
  const reason = err instanceof Error ? err.message : String(err);
  return ApplicationFailure.nonRetryable(
    `the step ran, but its result could not be stored, so it was not repeated: ${reason}`,
    "ResultNotStored",
  );
}
