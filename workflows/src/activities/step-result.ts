import type { Db, Prisma } from "@switchyard/db";
import { INLINE_OUTPUT_BYTES, type StepOutcome, type StepResultRecord } from "../interpreter/contract";

export const json = (value: unknown) => (value === undefined ? undefined : (value as Prisma.InputJsonValue));

/** Large outputs stay in Postgres (Temporal payloads cap at 2 MB); the workflow only learns where. */
export const outcomeOf = (output: unknown): StepOutcome =>
  JSON.stringify(output ?? null).length > INLINE_OUTPUT_BYTES ? { stored: "step" } : { output };

/** A step's final result, written by its activity, or after an outage by recordStepResult. */
export async function writeStepResult(db: Db, r: StepResultRecord): Promise<void> {
  const data = {
    status: r.status,
    attempts: r.attempts,
    output: json(r.output),
    error: json(r.error),
    endedAt: new Date(r.endedAt),
  };
  await db.stepRun.upsert({
    where: { runId_stepId: { runId: r.runId, stepId: r.stepId } },
    create: { runId: r.runId, stepId: r.stepId, ...data },
    update: data,
  });
}
