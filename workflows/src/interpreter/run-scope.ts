import { workflowInfo } from "@temporalio/workflow";
import { jsonBytesUpTo, type TemplateContext } from "../definition/template";
import type { CheckpointHold } from "./checkpoint-rules";
import type { RunInput, SettledStep, StepState } from "./contract";
import { RECORDS_BYTES, sizeError } from "./payload-limits";
import { createRenderer, type RenderValue } from "./render-value";

/** The workflow clock, as records store it. */
export const now = () => new Date(Date.now()).toISOString();

/** One run's state inside the interpreter, and what every step needs to read or change it. */
export interface RunScope {
  input: RunInput;
  /**
   * Whether the workflow claimed its run as it began (beginRun). Histories from before runs were
   * claimed replay without it; their root steps flip the run to running instead.
   */
  claimed: boolean;
  /** Live state by step id: what the run-state query answers. */
  state: Record<string, StepState>;
  /** Steps the workflow settled itself, with their records, for finishRun. */
  settledInWorkflow: Record<string, SettledStep>;
  settle(id: string, s: StepState, record?: Omit<SettledStep, keyof StepState>): void;
  /** Counts data toward the records finishRun carries; false, counting nothing, when it does not fit. */
  fitsRecords(data: unknown): boolean;
  /** Counts data that is bounded elsewhere (a re-run's reused outputs), without refusing it. */
  countRecords(data: unknown): void;
  recordsFull(): Error;
  /** What templates may read: the trigger, every step's state so far, the workflow and the run. */
  context(): TemplateContext;
  renderValue: RenderValue;
  /** Checkpoints opened so far, by step id: what decisions are checked against. */
  checkpoints: Map<string, CheckpointHold>;
  /** Approved edits, by the step whose rendered input they change. */
  edits: Map<string, { path: string[]; value: unknown }[]>;
  /** Work the run waits for before its end is recorded, without a step waiting for it (showing an outcome in Slack). */
  background: Promise<unknown>[];
  /**
   * The task queue of an operation's connector, when it has one of its own; undefined: the run's
   * own queue. From beginRun's answer, so it is in the history (runs from before it have none).
   */
  taskQueueOf(uses: string): string | undefined;
}

export function createRunScope(input: RunInput, claimed = true, queues: Record<string, string> = {}): RunScope {
  const state: Record<string, StepState> = {};
  for (const step of input.steps) state[step.id] = { status: "pending" };
  const settledInWorkflow: Record<string, SettledStep> = {};
  let recordBytes = 0;
  const runInfo = { id: input.runId, startedAt: workflowInfo().startTime.toISOString() };
  return {
    input,
    claimed,
    state,
    settledInWorkflow,
    settle(id, s, record = {}) {
      state[id] = s;
      settledInWorkflow[id] = { ...s, ...record };
    },
    fitsRecords(data) {
      const bytes = jsonBytesUpTo(data, RECORDS_BYTES - recordBytes);
      if (bytes === Infinity) return false;
      recordBytes += bytes;
      return true;
    },
    countRecords(data) {
      recordBytes += jsonBytesUpTo(data ?? null, Infinity);
    },
    recordsFull: () =>
      sizeError(
        `size (the records of the steps this run settles in the workflow: more than ${RECORDS_BYTES} bytes of JSON together)`,
      ),
    context: () => ({
      trigger: input.trigger,
      steps: Object.fromEntries(
        Object.entries(state).map(([id, s]) => [
          id,
          {
            output: s.output,
            error: s.error,
            status: s.status,
            stored: s.stored,
            changes: s.changes,
            changesStored: s.changesStored,
          },
        ]),
      ),
      workflow: { name: input.workflowName },
      run: runInfo,
    }),
    renderValue: createRenderer(input.runId),
    checkpoints: new Map(),
    edits: new Map(),
    background: [],
    taskQueueOf: (uses) => {
      const connector = uses.split(".")[0]!;
      return Object.hasOwn(queues, connector) ? queues[connector] : undefined;
    },
  };
}
