// What the run screen reads: the run with its pinned definition and every step's state
// (polled while the run goes on, so without inputs and outputs), and on demand one step's
// input and output, the large ones (claim-checked outputs among them) only when asked for.
import type { Db } from "@switchyard/db";
import type { WorkflowDefinition } from "@switchyard/workflows/definition";
import { liveRunSteps, type LiveStep } from "@switchyard/workflows/engine";
import type { Services } from "../context";
import { ApiError } from "../http/errors";
import { decisionsSelect, decisionView, findRun, iso, summary, summaryInclude, type RunSummary } from "./runs";
import {
  changesOf,
  countedMemory,
  stepMemoryOf,
  stepMemorySelect,
  listedChanges,
  type ListedChanges,
  type StepMemoryCounts,
} from "./step-memory-view";

export interface ApprovalView {
  id: string;
  /** approval | task */
  kind: string;
  title: string;
  status: string;
  quorum: number;
  openedAt: string;
  decidedAt: string | null;
  expiresAt: string;
  decisions: ReturnType<typeof decisionView>[];
}

/** Where its output came from and what that saved; an incremental fan-out's changes as counts (keys: getStepDetail). */
export interface StepStateView extends StepMemoryCounts {
  id: string;
  uses: string;
  status: string;
  attempts: number;
  startedAt: string | null;
  endedAt: string | null;
  error: unknown;
  blockedBy: string | null;
  reason: string | null;
  /** A checkpoint's approval, or test mode's before a step with side effects. */
  approval: ApprovalView | null;
}

export interface RunDetail extends RunSummary {
  workflowName: string;
  /** Who started it (name, else email); null for a trigger. */
  startedBy: string | null;
  /** An engine error that ended the run early (not a step's). */
  error: unknown;
  definition: WorkflowDefinition;
  /** Every step of the pinned definition, in its order, even before it starts. */
  steps: StepStateView[];
}

export async function getRunDetail(db: Db, workspaceId: string, runId: string): Promise<RunDetail> {
  const run = await findRun(db, workspaceId, runId, {
    ...summaryInclude,
    workflow: { select: { slug: true, name: true } },
    version: { select: { version: true, definition: true } },
    startedBy: { select: { name: true, email: true } },
    steps: {
      select: {
        stepId: true,
        status: true,
        attempts: true,
        startedAt: true,
        endedAt: true,
        error: true,
        blockedBy: true,
        ...stepMemorySelect,
      },
    },
    approvals: {
      select: {
        id: true,
        stepId: true,
        kind: true,
        title: true,
        status: true,
        quorum: true,
        createdAt: true,
        decidedAt: true,
        expiresAt: true,
        decisions: decisionsSelect,
      },
    },
  });
  const recorded = new Map(run.steps.map((s) => [s.stepId, s]));
  const approvals = new Map(
    run.approvals.map(({ stepId, createdAt, decidedAt, expiresAt, decisions, ...a }): [string, ApprovalView] => [
      stepId,
      {
        ...a,
        openedAt: createdAt.toISOString(),
        decidedAt: iso(decidedAt),
        expiresAt: expiresAt.toISOString(),
        decisions: decisions.map(decisionView),
      },
    ]),
  );
  const definition = run.version.definition as WorkflowDefinition;
  const steps = definition.steps.map(({ id, uses }): StepStateView => {
    const s = recorded.get(id);
    return {
      id,
      uses,
      status: s?.status ?? "pending",
      attempts: s?.attempts ?? 0,
      startedAt: iso(s?.startedAt ?? null),
      endedAt: iso(s?.endedAt ?? null),
      error: s?.error ?? null,
      blockedBy: s?.blockedBy ?? null,
      reason: s?.reason ?? null,
      approval: approvals.get(id) ?? null,
      ...countedMemory(stepMemoryOf(s, run.rerunOfId)),
    };
  });
  return {
    ...summary(run),
    workflowName: run.workflow.name,
    startedBy: run.startedBy ? (run.startedBy.name ?? run.startedBy.email) : null,
    error: run.error,
    definition,
    steps,
  };
}

/** A live view polls this often, so the workflow gets a short deadline; a late answer is the database's view. */
const LIVE_QUERY_MS = 1_500;

/**
 * The run as getRunDetail reads it, with what only the workflow knows yet while it runs: steps
 * it settles itself (pure steps, skips) have no row until the run ends, and would read "pending".
 */
export async function getLiveRunDetail(s: Services, workspaceId: string, runId: string): Promise<RunDetail> {
  const detail = await getRunDetail(s.db, workspaceId, runId);
  if (detail.status !== "running") return detail;
  let timer: Parameters<typeof clearTimeout>[0];
  const live = await Promise.race([
    s.engine().then((engine) => liveRunSteps(engine, runId)),
    new Promise<undefined>((resolve) => (timer = setTimeout(resolve, LIVE_QUERY_MS))),
  ])
    .catch(() => undefined)
    .finally(() => clearTimeout(timer));
  return live ? { ...detail, steps: overlayLiveSteps(detail.steps, live) } : detail;
}

/** Rows win where they exist; the workflow's state fills in steps the database knows nothing of yet. */
export function overlayLiveSteps(steps: StepStateView[], live: Record<string, LiveStep>): StepStateView[] {
  return steps.map((step) => {
    const state = live[step.id];
    if (!state || step.status !== "pending" || state.status === "pending") return step;
    return { ...step, status: state.status, blockedBy: state.blockedBy ?? null, reason: state.reason ?? null };
  });
}

/** Whether the run is this workspace's: the run page answers 404 otherwise, as for a missing run. */
export async function runInWorkspace(db: Db, workspaceId: string, runId: string): Promise<boolean> {
  return (await db.run.count({ where: { id: runId, workspaceId } })) > 0;
}

/** Inputs and outputs up to this many bytes of JSON come with the step; larger ones when asked for. */
export const INLINE_PAYLOAD_BYTES = 64 * 1024;

/** A value as the step panel gets it: whole, or only its size when it is large. */
export type Payload = { value: unknown } | { bytes: number };

export interface StepDetail {
  stepId: string;
  status: string;
  /** Null until the step has them. */
  input: Payload | null;
  output: Payload | null;
  /** An incremental fan-out's changes, by item key (each list cut at LISTED_KEYS); null for other steps. */
  changes: ListedChanges | null;
}

export type StepPart = "input" | "output";

/** The step's row (or nothing before it starts); 404 for another workspace's run or a step its version lacks. */
async function findStep(db: Db, workspaceId: string, runId: string, stepId: string) {
  const run = await findRun(db, workspaceId, runId, {
    version: { select: { definition: true } },
    steps: { where: { stepId }, select: { status: true, input: true, output: true, incremental: true } },
  });
  if (!(run.version.definition as WorkflowDefinition).steps.some((s) => s.id === stepId))
    throw new ApiError(404, "not_found", `Run ${runId} has no step "${stepId}".`);
  return run.steps[0] ?? null;
}

function payloadOf(value: unknown): Payload | null {
  if (value === null || value === undefined) return null;
  const bytes = Buffer.byteLength(JSON.stringify(value));
  return bytes > INLINE_PAYLOAD_BYTES ? { bytes } : { value };
}

export async function getStepDetail(db: Db, workspaceId: string, runId: string, stepId: string): Promise<StepDetail> {
  const row = await findStep(db, workspaceId, runId, stepId);
  return {
    stepId,
    status: row?.status ?? "pending",
    input: payloadOf(row?.input),
    output: payloadOf(row?.output),
    changes: listedChanges(changesOf(row?.incremental ?? null)) ?? null,
  };
}

/** One step's whole input or output, however large (a claim-checked output is the row's own). */
export async function getStepPayload(
  db: Db,
  workspaceId: string,
  runId: string,
  stepId: string,
  part: StepPart,
): Promise<{ value: unknown }> {
  const row = await findStep(db, workspaceId, runId, stepId);
  return { value: row?.[part] ?? null };
}
