import { CancelledFailure, Context } from "@temporalio/activity";
import { ApplicationFailure } from "@temporalio/common";
import { describeIssues, HttpError, NonRetryableError, ResponseError, runAction, SsrfError, type Logger } from "@switchyard/connectors";
import { Prisma, type Db } from "@switchyard/db";
import { limitSize, TemplateError, type TemplateContext } from "../definition/template";
import {
  INLINE_OUTPUT_BYTES,
  type BatchResult,
  type ExecuteBatchInput,
  type ExecuteStepInput,
  type FinishFanOutInput,
  type FinishRunInput,
  type StepError,
  type StepOutcome,
} from "../interpreter/contract";
import type { AlertNotifier } from "../notify/email";
import { runItemWithRetries } from "./batch";
import { httpForStep, type ConnectionDeps } from "./connection";
import { renderBounded } from "./render";
import { createLoadRunActivities } from "./load-run";
import { emailAlert } from "./notify-alert";
import { createPollActivities } from "./poll";

export interface ActivityDeps extends ConnectionDeps {
  logger: Logger;
  /** Absent when no mail server is configured: alerts still reach the feed. */
  notifier?: AlertNotifier;
}

const HEARTBEAT_EVERY_MS = 3_000;

const json = (value: unknown) => (value === undefined ? undefined : (value as Prisma.InputJsonValue));
const date = (iso: string | undefined) => (iso ? new Date(iso) : undefined);

function describe(err: unknown): StepError & { retryable: boolean; retryAfterMs?: number } {
  if (err instanceof NonRetryableError || err instanceof SsrfError || err instanceof ResponseError) return { message: err.message, type: err.name, retryable: false };
  if (err instanceof HttpError) return { message: err.message, type: err.name, retryable: err.retryable, retryAfterMs: err.retryAfterMs };
  if (err instanceof Error) return { message: err.message, type: err.name, retryable: true };
  return { message: String(err), type: "Error", retryable: true };
}

/**
 * Fills in the outputs of steps the engine marked as stored (claim check). Rows
 * are looked up by the engine's run id and the context's own step ids only: a
 * run belongs to one workspace, so no other run's or tenant's data is reachable.
 */
async function loadStoredOutputs(db: Db, runId: string, context: TemplateContext): Promise<TemplateContext> {
  const entries = await Promise.all(
    Object.entries(context.steps).map(async ([stepId, { stored, ...s }]) => {
      if (stored === "step") {
        const row = await db.stepRun.findUniqueOrThrow({ where: { runId_stepId: { runId, stepId } }, select: { output: true } });
        return [stepId, { ...s, output: row.output }] as const;
      }
      if (stored === "items") {
        const rows = await db.stepItem.findMany({ where: { runId, stepId }, orderBy: { index: "asc" }, select: { output: true } });
        return [stepId, { ...s, output: rows.map((i) => i.output) }] as const;
      }
      return [stepId, s] as const;
    }),
  );
  return { ...context, steps: Object.fromEntries(entries) };
}

/** Failures are loud: one alert per failed run, naming every failed step and its error. */
async function raiseRunAlert(db: Db, runId: string, status: string, engineError: StepError | undefined): Promise<string> {
  // finishRun may be retried; the alert must not be duplicated.
  const existing = await db.alert.findFirst({ where: { runId, kind: "run_failed" }, select: { id: true } });
  if (existing) return existing.id;
  const run = await db.run.findUniqueOrThrow({
    where: { id: runId },
    select: { workspaceId: true, workflow: { select: { slug: true, name: true } }, steps: { where: { status: "failed" }, select: { stepId: true, error: true } } },
  });
  const failed = run.steps.map((s) => ({ stepId: s.stepId, error: (s.error as StepError | null)?.message ?? "unknown error" }));
  if (engineError) failed.push({ stepId: "(engine)", error: engineError.message });
  const lines = failed.map((f) => `${f.stepId}: ${f.error}`);
  const alert = await db.alert.create({
    select: { id: true },
    data: {
      workspaceId: run.workspaceId,
      runId,
      kind: "run_failed",
      title: `${run.workflow.name}: run ${status === "failed" ? "failed" : "partially succeeded"} (${failed.length} failed step${failed.length === 1 ? "" : "s"})`,
      message: lines.join("\n"),
      details: { status, workflow: run.workflow.slug, failedSteps: failed },
    },
  });
  return alert.id;
}

export function createActivities(deps: ActivityDeps) {
  const { db, registry, logger } = deps;
  return {
    ...createPollActivities(deps),
    ...createLoadRunActivities(deps),
    /** Runs one connector operation and records its step state (idempotent upserts). */
    async executeStep(input: ExecuteStepInput): Promise<StepOutcome> {
      const ctx = Context.current();
      const { attempt } = ctx.info;
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

      // Heartbeats let Temporal notice a dead worker quickly and deliver cancellation.
      const heartbeat = setInterval(() => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        const action = registry.action(input.uses);
        if (!action?.run) throw new NonRetryableError(`operation "${input.uses}" cannot run as an activity`);
        const props = action.props.safeParse(input.with);
        if (!props.success) {
          throw new NonRetryableError(`invalid input for ${input.uses}: ${describeIssues(props.error)}`);
        }
        const { http, connection } = await httpForStep(deps, input.runId, input.uses, input.connection);
        const output = await runAction(action, { props: props.data, http, connection, idempotencyKey: input.idempotencyKey, logger, signal: ctx.cancellationSignal });
        await db.stepRun.update({ where, data: { status: "succeeded", output: json(output), endedAt: new Date() } });
        // Large outputs stay in Postgres (Temporal payloads cap at 2 MB); the workflow only learns where.
        return JSON.stringify(output ?? null).length > INLINE_OUTPUT_BYTES ? { stored: "step" } : { output };
      } catch (err) {
        if (ctx.cancellationSignal.aborted) {
          await db.stepRun.update({ where, data: { status: "cancelled", endedAt: new Date() } });
          throw new CancelledFailure("step cancelled");
        }
        const { retryable, retryAfterMs, ...error } = describe(err);
        const final = !retryable || attempt >= input.maxAttempts;
        await db.stepRun.update({ where, data: final ? { status: "failed", error, endedAt: new Date() } : { error } });
        logger.warn("step attempt failed", { runId: input.runId, stepId: input.stepId, attempt, final, error: error.message });
        if (!retryable) throw ApplicationFailure.nonRetryable(error.message, error.type);
        // The API said when to come back (Retry-After): wait that long instead of the backoff.
        throw ApplicationFailure.create({ message: error.message, type: error.type, ...(retryAfterMs !== undefined ? { nextRetryDelay: retryAfterMs } : {}) });
      } finally {
        clearInterval(heartbeat);
      }
    },

    /**
     * Runs a batch of fan-out items (sequentially: parallelism comes from
     * concurrent batches), retrying retryable item failures per the step's policy.
     * Item results go to StepItem; outputs return inline only when small.
     */
    async executeBatch(input: ExecuteBatchInput): Promise<BatchResult> {
      const ctx = Context.current();
      const action = registry.action(input.uses);
      if (!action?.run) throw ApplicationFailure.nonRetryable(`operation "${input.uses}" cannot run as an activity`);
      const heartbeat = setInterval(() => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        await db.run.updateMany({ where: { id: input.runId, status: "queued" }, data: { status: "running", startedAt: new Date() } });
        const context = await loadStoredOutputs(db, input.runId, input.context);
        const { http, connection } = await httpForStep(deps, input.runId, input.uses, input.connection).catch((err: unknown) => {
          throw err instanceof NonRetryableError ? ApplicationFailure.nonRetryable(err.message, err.name) : err;
        });
        const results = [];
        for (const item of input.items) {
          if (ctx.cancellationSignal.aborted) throw new CancelledFailure("fan-out cancelled");
          const c = { runId: input.runId, stepId: input.stepId, retry: input.retry, logger, http, connection, signal: ctx.cancellationSignal, describe };
          results.push(await runItemWithRetries(action, item, input.with, context, c));
        }
        await db.stepItem.createMany({
          data: results.map((r) => ({ runId: input.runId, stepId: input.stepId, index: r.index, output: json(r.output), error: json(r.error), attempts: r.attempts, durationMs: Math.round(r.durationMs) })),
          // A retried batch (after a worker crash) keeps the first recorded result.
          skipDuplicates: true,
        });
        const outputs = results.map((r) => r.output ?? null);
        const inline = JSON.stringify(outputs).length <= input.inlineOutputBytes;
        return {
          items: results.map(({ index, error, durationMs }) => ({ index, ok: !error, durationMs, ...(error ? { error } : {}) })),
          ...(inline ? { outputs } : {}),
        };
      } finally {
        clearInterval(heartbeat);
      }
    },

    /** Writes a fan-out step's row; its output array is assembled from StepItem in Postgres. */
    async finishFanOut({ runId, stepId, count, error, input, startedAt }: FinishFanOutInput): Promise<void> {
      const items = await db.stepItem.findMany({ where: { runId, stepId }, orderBy: { index: "asc" }, select: { index: true, output: true } });
      // A fan-out whose batch failed for good recorded only the items that ran.
      if (!error && items.length !== count) throw new Error(`fan-out ${stepId} recorded ${items.length} of ${count} items`);
      const data = {
        status: error ? ("failed" as const) : ("succeeded" as const),
        attempts: 1,
        input: json(input),
        output: json(items.map((i) => i.output)),
        error: json(error),
        startedAt: new Date(startedAt),
        endedAt: new Date(),
      };
      await db.stepRun.upsert({ where: { runId_stepId: { runId, stepId } }, create: { runId, stepId, ...data }, update: data });
    },

    /**
     * Renders the templates the workflow does not: those reading stored (claim-checked)
     * outputs, which the workflow never loads, and those too heavy for its sandbox.
     * What it returns must fit in `maxBytes` of JSON, like what the workflow renders itself:
     * it goes back through Temporal. (Workflows scheduled before these fields keep the inline limit.)
     */
    async renderTemplates({
      runId,
      value,
      context,
      what = "the rendered value",
      maxBytes = INLINE_OUTPUT_BYTES,
    }: {
      runId: string;
      value: unknown;
      context: TemplateContext;
      /** Names what is rendered in a size error. */
      what?: string;
      maxBytes?: number;
    }): Promise<unknown> {
      const ctx = Context.current();
      // Heartbeats deliver a cancellation to a render waiting for a thread or running in one.
      const heartbeat = setInterval(() => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        // Render threads are shared fairly between runs (the key), and given up on a cancel.
        const rendered = await renderBounded(value, await loadStoredOutputs(db, runId, context), { key: runId, signal: ctx.cancellationSignal });
        limitSize(rendered, maxBytes, what);
        return rendered;
      } catch (err) {
        if (ctx.cancellationSignal.aborted) throw new CancelledFailure("rendering cancelled");
        if (err instanceof TemplateError) throw ApplicationFailure.nonRetryable(err.message, err.name);
        // A busy pool (RenderBusyError) or a dead thread: retried.
        throw err;
      } finally {
        clearInterval(heartbeat);
      }
    },

    /** Records steps the workflow settled itself, then the run's final state. */
    /** Returns the alert raised for a failed run, for notifyAlert. */
    async finishRun({ runId, status, settledInWorkflow, error }: FinishRunInput): Promise<{ alertId?: string }> {
      const endedAt = new Date();
      const rows = Object.entries(settledInWorkflow).map(([stepId, s]) => ({
        runId,
        stepId,
        status: s.status,
        blockedBy: s.blockedBy,
        reason: s.reason,
        input: json(s.input),
        output: json(s.output),
        error: json(s.error),
        startedAt: date(s.startedAt),
        endedAt: date(s.endedAt) ?? endedAt,
      }));
      // Most of these steps never had a row (pure steps, skips): one insert for
      // all of them; only rows an activity already wrote (e.g. cancelled) are updated.
      const existing = new Set(
        (await db.stepRun.findMany({ where: { runId, stepId: { in: rows.map((r) => r.stepId) } }, select: { stepId: true } })).map((r) => r.stepId),
      );
      await db.$transaction([
        db.stepRun.createMany({ data: rows.filter((r) => !existing.has(r.stepId)), skipDuplicates: true }),
        ...rows.filter((r) => existing.has(r.stepId)).map(({ runId: _r, stepId, ...data }) => db.stepRun.update({ where: { runId_stepId: { runId, stepId } }, data })),
        db.run.update({ where: { id: runId }, data: { status, endedAt, ...(error ? { error: json(error) } : {}) } }),
        // A run whose every root step was skipped or reused never flipped to running.
        db.run.updateMany({ where: { id: runId, startedAt: null }, data: { startedAt: endedAt } }),
      ]);
      if (status === "failed" || status === "partially_succeeded") return { alertId: await raiseRunAlert(db, runId, status, error) };
      return {};
    },

    /** Sends an alert to the workspace's recipients, once (its own retries keep mail outages off the run record). */
    async notifyAlert({ alertId }: { alertId: string }): Promise<void> {
      await emailAlert(deps, alertId);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
