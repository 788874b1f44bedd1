import { Context } from "@temporalio/activity";
import { ApplicationFailure } from "@temporalio/common";
import { HttpError, NonRetryableError, type Logger, type Registry } from "@switchyard/connectors";
import { Prisma, type Db } from "@switchyard/db";
import type { ExecuteStepInput, FinishRunInput, StepError } from "../interpreter/contract";

export interface ActivityDeps {
  db: Db;
  registry: Registry;
  logger: Logger;
}

const json = (value: unknown) => (value === undefined ? undefined : (value as Prisma.InputJsonValue));

function describe(err: unknown): StepError & { retryable: boolean } {
  if (err instanceof NonRetryableError) return { message: err.message, type: err.name, retryable: false };
  if (err instanceof HttpError) return { message: err.message, type: err.name, retryable: err.retryable };
  if (err instanceof Error) return { message: err.message, type: err.name, retryable: true };
  return { message: String(err), type: "Error", retryable: true };
}

export function createActivities({ db, registry, logger }: ActivityDeps) {
  return {
    /** Runs one connector operation and records its step state (idempotent upserts). */
    async executeStep(input: ExecuteStepInput): Promise<unknown> {
      const { attempt } = Context.current().info;
      const where = { runId_stepId: { runId: input.runId, stepId: input.stepId } };
      const startedAt = new Date();

      const writes: Promise<unknown>[] = [
        db.stepRun.upsert({
          where,
          create: { runId: input.runId, stepId: input.stepId, status: "running", attempts: attempt, startedAt, input: json(input.with) },
          update: { status: "running", attempts: attempt, input: json(input.with), error: Prisma.DbNull },
        }),
      ];
      if (input.marksRunStarted) {
        writes.push(db.run.updateMany({ where: { id: input.runId, status: "queued" }, data: { status: "running", startedAt } }));
      }
      await Promise.all(writes);

      const action = registry.action(input.uses);
      try {
        if (!action) throw new NonRetryableError(`unknown operation "${input.uses}"`);
        const props = action.props.safeParse(input.with);
        if (!props.success) {
          throw new NonRetryableError(`invalid input for ${input.uses}: ${props.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
        }
        const output = await action.run({
          props: props.data,
          idempotencyKey: input.idempotencyKey,
          logger,
          signal: Context.current().cancellationSignal,
        });
        await db.stepRun.update({ where, data: { status: "succeeded", output: json(output), endedAt: new Date() } });
        return output;
      } catch (err) {
        const { retryable, ...error } = describe(err);
        const final = !retryable || attempt >= input.maxAttempts;
        await db.stepRun.update({
          where,
          data: final ? { status: "failed", error, endedAt: new Date() } : { error },
        });
        logger.warn("step attempt failed", { runId: input.runId, stepId: input.stepId, attempt, final, error: error.message });
        if (!retryable) throw ApplicationFailure.nonRetryable(error.message, error.type);
        throw ApplicationFailure.retryable(error.message, error.type);
      }
    },

    /** Records steps settled without an activity, then the run's final state. */
    async finishRun({ runId, status, settledInWorkflow }: FinishRunInput): Promise<void> {
      const endedAt = new Date();
      await db.$transaction([
        ...Object.entries(settledInWorkflow).map(([stepId, s]) =>
          db.stepRun.upsert({
            where: { runId_stepId: { runId, stepId } },
            create: { runId, stepId, status: s.status, blockedBy: s.blockedBy, reason: s.reason, endedAt },
            update: { status: s.status, blockedBy: s.blockedBy, reason: s.reason, endedAt },
          }),
        ),
        db.run.update({ where: { id: runId }, data: { status, endedAt } }),
        // A run whose every root step was skipped never flipped to running.
        db.run.updateMany({ where: { id: runId, startedAt: null }, data: { startedAt: endedAt } }),
      ]);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
