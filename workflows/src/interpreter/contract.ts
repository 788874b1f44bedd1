// Shared by the workflow (sandbox), activities and the client: types and
// Temporal definitions only, no runtime dependencies beyond @temporalio/workflow.
import { defineQuery } from "@temporalio/workflow";
import type { StepDefinition } from "../definition/schema";

export const INTERPRETER_WORKFLOW = "interpretRun";

export type StepStatus = "pending" | "running" | "succeeded" | "failed" | "skipped" | "cancelled";
export type RunStatus = "queued" | "running" | "succeeded" | "failed" | "partially_succeeded" | "cancelled";
export type SkipReason = "upstream_failed" | "condition";

export interface StepError {
  message: string;
  type?: string;
}

export interface StepState {
  status: StepStatus;
  output?: unknown;
  error?: StepError;
  /** The failed step that caused this skip. */
  blockedBy?: string;
  /** Why a step was skipped, or "reused" when a re-run took a previous run's output. */
  reason?: SkipReason | "reused";
  /** Failed, but `continueOnError` hands the error to dependents instead of blocking them. */
  continued?: boolean;
  /** A filter that did not pass: its dependents skip with reason `condition`. */
  halts?: boolean;
}

/** A step the workflow settled itself (pure steps, skips, reuse, cancellations), written by finishRun. */
export interface SettledStep extends StepState {
  input?: unknown;
  startedAt?: string;
  endedAt?: string;
}

export interface RunInput {
  runId: string;
  workflowName: string;
  steps: StepDefinition[];
  trigger: unknown;
  /** Outputs to take as already succeeded, by step id (re-run from a failed step). */
  reuse?: Record<string, unknown>;
}

export interface RunResult {
  status: RunStatus;
  steps: Record<string, StepState>;
}

export interface ExecuteStepInput {
  runId: string;
  stepId: string;
  uses: string;
  /** Rendered inputs (templates already evaluated). */
  with: Record<string, unknown>;
  idempotencyKey: string;
  /** Lets the activity tell its last attempt, so it can record the final failure itself. */
  maxAttempts: number;
  /** Root steps flip the run from queued to running. */
  marksRunStarted: boolean;
}

export interface FinishRunInput {
  runId: string;
  status: RunStatus;
  settledInWorkflow: Record<string, SettledStep>;
  /** An engine error that ended the run early (a bug, not a step failure). */
  error?: StepError;
}

export const runStateQuery = defineQuery<RunResult>("runState");

export const workflowIdForRun = (runId: string): string => `run-${runId}`;

export const idempotencyKey = (runId: string, stepId: string, item = 0): string => `${runId}:${stepId}:${item}`;
