import type { Db, StepRun } from "@switchyard/db";
import { dispatchRun, workflowIdForRun, type EngineClient, type RunResult } from "@switchyard/workflows/worker";
import { definitionSchema, type WorkflowDefinition } from "@switchyard/workflows/definition";
import { seedRunToStart, seedWorkflow, type SeededWorkflow } from "./seed";

let counter = 0;

export interface FinishedRun {
  runId: string;
  result: RunResult;
  status: string;
  steps: Record<string, StepRun>;
}

export interface StartOptions {
  trigger?: object;
  reuse?: Record<string, unknown>;
  /** The member who started the run (checkpoints refuse their approval unless self-approval is allowed). */
  startedById?: string;
  /** Every step with side effects waits for approval (test mode). */
  testMode?: boolean;
  /** A re-run's: the step it starts from (with `reuse` for the steps upstream of it). */
  fromStep?: string;
  /** Runs after the run row exists and before Temporal gets it (e.g. to add connections). */
  beforeDispatch?: (workspaceId: string) => Promise<unknown>;
}

export interface PreparedWorkflow {
  definition: WorkflowDefinition;
  seeded: SeededWorkflow;
  /** Stores an event and run, as the webhook does, and hands it to Temporal. */
  start(options?: StartOptions): Promise<string>;
  /** The workflow's own result. */
  result(runId: string): Promise<RunResult>;
  /** The result plus the run and step rows in Postgres. */
  finish(runId: string): Promise<FinishedRun>;
}

/** Stores a definition (parsed, defaults filled) in a fresh workspace, ready to run. */
export async function prepareWorkflow(
  db: Db,
  engine: EngineClient,
  /** A webhook trigger unless `trigger` says otherwise. */
  input: { steps: unknown[]; name?: string; trigger?: unknown },
): Promise<PreparedWorkflow> {
  const definition = definitionSchema.parse({ name: "test", trigger: { type: "webhook" }, ...input });
  const seeded = await seedWorkflow(db, definition, `wf-${++counter}`);
  const result = async (runId: string) =>
    (await engine.temporal.workflow.getHandle(workflowIdForRun(runId)).result()) as RunResult;
  return {
    definition,
    seeded,
    async start({ trigger = {}, beforeDispatch, ...run } = {}) {
      const args = await seedRunToStart(db, seeded, trigger, run);
      await beforeDispatch?.(seeded.workspaceId);
      await dispatchRun(db, engine, args);
      return args.runId;
    },
    result,
    async finish(runId) {
      const res = await result(runId);
      const run = await db.run.findUniqueOrThrow({ where: { id: runId }, include: { steps: true } });
      return { runId, result: res, status: run.status, steps: Object.fromEntries(run.steps.map((s) => [s.stepId, s])) };
    },
  };
}

/** Stores a definition, starts a run of it and waits for the workflow to finish. */
export async function runToCompletion(
  db: Db,
  engine: EngineClient,
  input: { steps: unknown[]; name?: string },
  options: StartOptions = {},
): Promise<FinishedRun> {
  const wf = await prepareWorkflow(db, engine, input);
  return wf.finish(await wf.start(options));
}

/** The task queue each activity of a run's workflow was scheduled on, in order, as its history has it. */
export async function scheduledQueues(engine: EngineClient, runId: string): Promise<[string, string][]> {
  const history = await engine.temporal.workflow.getHandle(workflowIdForRun(runId)).fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const a = e.activityTaskScheduledEventAttributes;
    return a ? [[a.activityType!.name!, a.taskQueue!.name!] as [string, string]] : [];
  });
}
