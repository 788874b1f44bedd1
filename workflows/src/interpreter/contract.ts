// Shared by the workflow (sandbox), activities and the client: types and
// Temporal definitions only, no runtime dependencies beyond @temporalio/workflow.
import { defineQuery, defineSignal } from "@temporalio/workflow";
import type { StepDefinition } from "../definition/schema";
import type { IncrementalSetting } from "../definition/step-memory";
import type { StoredOutput, TemplateContext } from "../definition/template";

export const INTERPRETER_WORKFLOW = "interpretRun";

/** `waiting`: a checkpoint waiting for people to decide. */
export type StepStatus = "pending" | "running" | "waiting" | "succeeded" | "failed" | "skipped" | "cancelled";
export type RunStatus = "queued" | "running" | "succeeded" | "failed" | "partially_succeeded" | "cancelled";
/**
 * `rejected`: a checkpoint before it was rejected (not a failure). `test_skipped`: skipped as a
 * dry run in test mode; its dependents still run. `not_selected`: outside a partial run (`upTo`).
 */
export type SkipReason = "upstream_failed" | "condition" | "rejected" | "test_skipped" | "not_selected";

export interface StepError {
  message: string;
  type?: string;
}

/**
 * What an incremental fan-out found against its memory: keys of the items new to it, changed since
 * they were processed, and gone from the list, and how many were unchanged (and so reused).
 */
export interface StepChanges {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
}

/**
 * An incremental fan-out's account of its items, each counted once: run now and succeeded
 * (`processed`), taken from its memory (`reused`), or run now and failed (`failed`).
 */
export interface IncrementalCounts {
  processed: number;
  reused: number;
  failed: number;
}

/** Where a step's output came from, when not from running it now. */
export type OutputOrigin = "reused" | "cached";

export interface StepState {
  status: StepStatus;
  output?: unknown;
  /** Set instead of `output` when the output stayed in Postgres. */
  stored?: StoredOutput;
  error?: StepError;
  /** The failed step that caused this skip. */
  blockedBy?: string;
  /** Why a step was skipped, or where its output came from (a re-run's original, or the step's cache). */
  reason?: SkipReason | OutputOrigin;
  /** The run whose remembered result a `cached` step took. */
  cachedFrom?: string;
  /** An incremental fan-out's changes, for templates (`steps.<id>.changes`). */
  changes?: StepChanges;
  /** Set instead of `changes` when they stayed in Postgres (the step row's `incremental`), like `stored`. */
  changesStored?: true;
  incremental?: IncrementalCounts;
  /** Failed, but `continueOnError` hands the error to dependents instead of blocking them. */
  continued?: boolean;
  /** A filter that did not pass, or a rejected checkpoint: its dependents skip, with reason `haltReason` (default `condition`). */
  halts?: boolean;
  haltReason?: SkipReason;
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
  /** Every step with side effects waits for the developer's approval first (see approveTestStep). */
  testMode?: boolean;
  /**
   * A partial run: only this step and its ancestors run; every other step is skipped `not_selected`.
   * Ancestors found in `reuse` are taken as they are, so a step whose ancestors are all reused runs alone.
   */
  upTo?: string;
  /**
   * The step a re-run starts from: it runs for real even when its cache holds a result (its fresh
   * result refreshes the entry), since re-running it is what was asked for.
   */
  fromStep?: string;
}

/**
 * What the interpreter is started with: the whole input while it is small
 * (startInputOf in runs.ts), otherwise only the run id, and the interpreter
 * loads the input from Postgres (loadRunInput), so a start request stays small.
 */
export type RunStart = RunInput | { runId: string; inputStored: true };

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
  /** The connection's name; the activity loads and decrypts it (secrets never pass through Temporal). */
  connection?: string;
  idempotencyKey: string;
  /** Lets the activity tell its last attempt, so it can record the final failure itself. */
  maxAttempts: number;
  /**
   * The step's attempt that this call's first try is (default 1). After a database outage the
   * workflow calls the activity again, and only attempts that reached the connector count.
   */
  firstAttempt?: number;
  /** Set only by workflows that began before runs were claimed at their start (RunScope.claimed): a root step flips the run to running. */
  marksRunStarted?: true;
  /** The step's `cache`: a remembered result is taken instead of calling the connector. */
  cache?: StepCacheRequest;
}

/**
 * A `cache` step's request, as the workflow makes it. The activity derives the entry's key from
 * the step's definition, the operation's version and the rendered `key`, or else the rendered
 * inputs, and matches the run's workflow and connection in its statement; the workflow never
 * reads the cache itself.
 */
export interface StepCacheRequest {
  ttlMs: number;
  /** The step's `with` as defined, before rendering: part of the step's definition. */
  template: Record<string, unknown>;
  /** The rendered `cache.key`, which stands for the rendered inputs in the key. */
  key?: unknown;
  /** False for the step a re-run starts from: it runs, and its result replaces the entry. */
  read: boolean;
}

/** A core step's cache lookup (lookUpStepCache): the same request, for a step the workflow evaluates. */
export type CacheLookupInput = Pick<ExecuteStepInput, "runId" | "stepId" | "uses" | "with" | "connection"> & {
  cache: StepCacheRequest;
};

/**
 * Where a result is remembered, beside its run's workflow and connection (found from the run in
 * the statement that reads or writes it): its key, a hash, with no input in clear.
 */
export interface CacheSlot {
  key: string;
}

/** A hit, its step already recorded as `cached`; or a miss, and where to store the result. */
export type CacheLookup = { hit: CachedOutcome } | { miss: CacheSlot };

export interface StoreCacheInput {
  runId: string;
  stepId: string;
  /** The step's connection, by name: the entry keeps its row's identity. */
  connection?: string;
  slot: CacheSlot;
  ttlMs: number;
  output: unknown;
  /** What computing the output took: what each later hit saves. */
  durationMs: number;
}

/** What a step activity hands back: the output, or where it was kept when too large for Temporal. */
export type StepOutcome = Pick<StepState, "output" | "stored">;

/** An outcome taken from the step's cache, and the run that computed it. */
export type CachedOutcome = StepOutcome & { cachedFrom: string };

/**
 * A connector call's final result that its activity could not write (the database was away).
 * The workflow has it written by recordStepResult, so the call itself is never repeated.
 */
export interface StepResultRecord {
  runId: string;
  stepId: string;
  status: "succeeded" | "failed";
  attempts: number;
  output?: unknown;
  error?: StepError;
  endedAt: string;
}

/** An executed step's outcome; `cachedFrom` when it was remembered rather than run. */
export type ExecutedStep = StepOutcome & { cachedFrom?: string; unrecorded?: StepResultRecord };

/**
 * The failure type executeStep gives up with when the database stayed away before the connector
 * was called: the platform's fault, so the workflow waits and calls again without spending one
 * of the step's attempts. Its details hold `{ attempt }`, the attempt that did not happen.
 */
export const ENGINE_UNAVAILABLE = "EngineUnavailable";
export interface EngineUnavailableDetails {
  attempt: number;
}

/** A step the activities ran, as the workflow last saw it. */
export interface ActivityStepStatus {
  status: StepStatus;
  error?: StepError;
}

export interface FinishRunInput {
  runId: string;
  status: RunStatus;
  settledInWorkflow: Record<string, SettledStep>;
  /**
   * Steps run by activities, as the workflow holds them: a row such a step left `running` (its
   * final write was lost) is settled to this, so no finished run shows a running step.
   */
  activitySteps?: Record<string, ActivityStepStatus>;
  /** An engine error that ended the run early (a bug, not a step failure). */
  error?: StepError;
}

export const runStateQuery = defineQuery<RunResult>("runState");

/** A step as a live view needs it: no outputs, so polling a run page every second stays cheap. */
export type LiveStep = Pick<StepState, "status" | "blockedBy" | "reason">;
export const liveStepsQuery = defineQuery<Record<string, LiveStep>>("liveSteps");

export const workflowIdForRun = (runId: string): string => `run-${runId}`;

export const idempotencyKey = (runId: string, stepId: string, item = 0): string => `${runId}:${stepId}:${item}`;

/** Fan-out item as sent to a batch activity: its position and value (inputs are rendered there). */
export interface BatchItem {
  index: number;
  item: unknown;
}

/** An item of an incremental fan-out as its memory knows it: its rendered key and its fingerprint. */
export interface ItemMemory {
  key: string;
  fingerprint: string;
}

export interface RetrySettings {
  maxAttempts: number;
  initialInterval: number | string;
  backoffCoefficient: number;
  maximumInterval: number | string;
}

export interface ExecuteBatchInput {
  runId: string;
  stepId: string;
  uses: string;
  connection?: string;
  items: BatchItem[];
  /** The step's `with`, unrendered, and the context to render it in per item. */
  with: Record<string, unknown>;
  context: TemplateContext;
  retry: RetrySettings;
  /** Outputs come back inline only while the batch's outputs stay under this size. */
  inlineOutputBytes: number;
  /** An incremental fan-out: its succeeded items are remembered (ItemMemory) under its definition hash. */
  incremental?: BatchMemory;
}

/**
 * What a batch of an incremental fan-out needs to remember its items: it marks them itself (key
 * and fingerprint, as the plan did), so no per-item list travels back from the plan.
 */
export interface BatchMemory {
  setting: IncrementalSetting;
  definitionHash: string;
}

export interface BatchItemResult {
  index: number;
  ok: boolean;
  error?: StepError;
  durationMs: number;
}

export interface BatchResult {
  items: BatchItemResult[];
  /** Outputs by item, in the order of `items`; absent when they were too large to inline. */
  outputs?: unknown[];
}

export interface FanOutInput {
  runId: string;
  step: StepDefinition;
  items: BatchItem[];
  context: TemplateContext;
  /** Set for an incremental fan-out (see ExecuteBatchInput). */
  incremental?: BatchMemory;
  /** The step's connector's own task queue, if it has one (RunScope.taskQueueOf); chunks carry it to their batches. */
  taskQueue?: string;
}

export interface FanOutResult {
  failed: number;
  firstError?: { index: number; error: StepError };
  /** Outputs in item order while they fit inline, otherwise undefined (read them from StepItem). */
  outputs?: unknown[];
}

export interface FinishFanOutInput {
  runId: string;
  stepId: string;
  count: number;
  error?: StepError;
  input: unknown;
  startedAt: string;
  /** An incremental fan-out: its row gets its counts and savings, and its memory forgets the removed items. */
  incremental?: true;
}

export interface PlanIncrementalInput {
  runId: string;
  step: StepDefinition;
  /** The whole forEach list. */
  items: BatchItem[];
  /** What the step's `with` and `incremental` templates read. */
  context: TemplateContext;
}

/** What an incremental fan-out runs, and what it took from its memory instead (already recorded as StepItem rows). */
export interface IncrementalPlan {
  /**
   * The positions in the list of the items to run, as `[first, end)` ranges: a first run is one
   * range, and a run after a few edits a few, so the plan stays small whatever the list's length.
   */
  toRun: [number, number][];
  definitionHash: string;
  /** The reused items' outputs, in list order, while they fit inline. */
  reusedOutputs?: unknown[];
  /** Inline while they fit; otherwise only in the step's row (StepState.changesStored). */
  changes?: StepChanges;
}

/** Outputs larger than this never travel through Temporal payloads. */
export const INLINE_OUTPUT_BYTES = 64 * 1024;

/** The workflow that polls one workflow's polling trigger, at most one per workflow. */
export const POLLER_WORKFLOW = "pollTriggerLoop";
export const workflowIdForPoller = (workflowId: string): string => `poll-${workflowId}`;
/** Poll now instead of at the end of the wait: the definition or the enabled flag changed. */
export const pollNowSignal = defineSignal("pollNow");

/** One poll's outcome: when to poll next, or why polling ends (disabled, trigger removed). */
export type PollResult = { stop: string } | { everyMs: number; started: number; error?: string; alertId?: string };

/** The workflow a Temporal Schedule starts at each fire of a schedule trigger. */
export const SCHEDULE_FIRE_WORKFLOW = "scheduledFire";
/** The one Temporal Schedule of a workflow with a schedule trigger. */
export const scheduleIdFor = (workflowId: string): string => `schedule-${workflowId}`;
/** The id its fires start with (Temporal appends the fire's time). */
export const workflowIdForFire = (workflowId: string): string => `fire-${workflowId}`;

export interface ScheduledFire {
  workflowId: string;
  /** When the schedule meant to fire (ISO): the nominal time, also for a catch-up or a backfill. */
  scheduledAt: string;
  /** This fire's own identity (its workflow's id, which carries its time): a retried activity stores its run once. */
  fireId: string;
}

/** What a schedule's event carries: `{{ trigger.scheduledAt }}` and `{{ trigger.firedAt }}` in templates. */
export interface ScheduleEventPayload {
  scheduledAt: string;
  firedAt: string;
  /** Fired by hand (POST .../schedule/trigger), not at one of the schedule's times. */
  manual?: true;
  /** Stored by a backfill (POST .../schedule/backfill), for a time of the past. */
  backfill?: true;
}

/** A fire's outcome: the run it stored, or why it stored none (disabled, re-triggered, paused, or skipped for overlap). */
export type FireOutcome = { start: RunStart } | { skipped: string };
