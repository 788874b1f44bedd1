// Shared by the workflow (sandbox), activities and the client: types and
// Temporal definitions only, no runtime dependencies beyond @temporalio/workflow.
import { defineQuery } from "@temporalio/workflow";
import type { StepDefinition } from "../definition/schema";

export const INTERPRETER_WORKFLOW = "interpretRun";

export type StepStatus = "pending" | "running" | "succeeded" | "failed" | "skipped" | "cancelled";
export type RunStatus = "queued" | "running" | "succeeded" | "failed" | "partially_succeeded" | "cancelled";

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
  reason?: "upstream_failed";
}

export interface RunInput {
  runId: string;
  steps: StepDefinition[];
  trigger: unknown;
}

export interface RunResult {
  status: RunStatus;
  steps: Record<string, StepState>;
}

export interface ExecuteStepInput {
  runId: string;
  stepId: string;
  uses: string;
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
  /** Steps the workflow settled without an activity (skips). */
  settledInWorkflow: Record<string, StepState>;
}

export const runStateQuery = defineQuery<RunResult>("runState");

export const workflowIdForRun = (runId: string): string => `run-${runId}`;
