import { RunStatus, type Db, type Prisma } from "@switchyard/db";
import { cancelRun, EventBodyGoneError } from "@switchyard/workflows/engine";
import { selfAndDescendants, type StepDefinition, type WorkflowDefinition } from "@switchyard/workflows/definition";
import { z } from "zod";
import { isRunFinished } from "~/lib/runs/status";
import type { Services } from "../context";
import { ApiError } from "../http/errors";
import { newestFirst, paginate, pageQuery, type Page } from "./pagination";
import { engineDeps } from "./engine-deps";
import { acceptRequestedRun } from "./start-run";
import { stepMemoryOf, type StepMemoryView } from "./step-memory-view";
import { slugSchema, workflowIdOf } from "./workflows";

export interface StepView extends StepMemoryView {
  status: string;
  attempts: number;
  startedAt: string | null;
  endedAt: string | null;
  output: unknown;
  error: unknown;
  blockedBy: string | null;
  reason: string | null;
  /** A checkpoint's approval: its state and every decision (who, when, through which channel, edits, comment). */
  approval?: {
    id: string;
    status: string;
    decisions: {
      actor: string;
      actorName: string | null;
      decision: string;
      channel: string;
      decidedAt: string;
      edits: unknown;
      values: unknown;
      comment: string | null;
    }[];
  };
}

export interface RunSummary {
  id: string;
  workflow: string;
  version: number;
  status: string;
  /** webhook | api | rerun | poll | event | schedule | replay */
  source: string;
  /** What the trigger event came from: webhook, api, or an app trigger's operation (e.g. github.onPush); null without one. */
  eventSource: string | null;
  /** A test run: steps with side effects waited for approval or were skipped as dry runs. */
  testMode: boolean;
  /** The run this one re-runs, and the step it re-ran from (null: everything). */
  rerunOf: string | null;
  fromStep: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
}

export interface RunView extends RunSummary {
  steps: Record<string, StepView>;
}

export const iso = (d: Date | null) => d?.toISOString() ?? null;

export const summaryInclude = {
  workflow: { select: { slug: true } },
  version: { select: { version: true } },
  event: { select: { source: true } },
} as const;

export function summary(run: Prisma.RunGetPayload<{ include: typeof summaryInclude }>): RunSummary {
  return {
    id: run.id,
    workflow: run.workflow.slug,
    version: run.version.version,
    status: run.status,
    source: run.source,
    eventSource: run.event?.source ?? null,
    testMode: run.testMode,
    rerunOf: run.rerunOfId,
    fromStep: run.fromStep,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    endedAt: iso(run.endedAt),
  };
}

/** Other workspaces' runs are indistinguishable from missing ones. */
export async function findRun<I extends Prisma.RunInclude>(db: Db, workspaceId: string, runId: string, include: I) {
  const run = await db.run.findFirst({ where: { id: runId, workspaceId }, include });
  if (!run) throw new ApiError(404, "not_found", `No run ${runId} in this workspace.`);
  return run;
}

/** A run as the API shows it, with every step of its pinned definition. */
export async function getRun(db: Db, workspaceId: string, runId: string): Promise<RunView> {
  const run = await findRun(db, workspaceId, runId, {
    ...summaryInclude,
    version: { select: { version: true, definition: true } },
    steps: true,
    approvals: { select: { id: true, stepId: true, status: true, decisions: decisionsSelect } },
  });

  const approvals = new Map(
    run.approvals.map(({ stepId, decisions, ...a }) => [stepId, { ...a, decisions: decisions.map(decisionView) }]),
  );
  const recorded = new Map(run.steps.map((s) => [s.stepId, s]));
  const { steps: defined } = run.version.definition as { steps: StepDefinition[] };
  // Every step of the pinned definition appears, in definition order, even before it starts.
  const steps = Object.fromEntries(
    defined.map(({ id }) => {
      const s = recorded.get(id);
      const view: StepView = {
        status: s?.status ?? "pending",
        attempts: s?.attempts ?? 0,
        startedAt: iso(s?.startedAt ?? null),
        endedAt: iso(s?.endedAt ?? null),
        output: s?.output ?? null,
        error: s?.error ?? null,
        blockedBy: s?.blockedBy ?? null,
        reason: s?.reason ?? null,
        ...stepMemoryOf(s, run.rerunOfId),
        ...(approvals.has(id) ? { approval: approvals.get(id)! } : {}),
      };
      return [id, view];
    }),
  );
  return { ...summary(run), steps };
}

/** Every decision of an approval, oldest first: who, when, through which channel, edits, comment. */
export const decisionsSelect = {
  orderBy: { decidedAt: "asc" },
  select: {
    actor: true,
    actorName: true,
    decision: true,
    channel: true,
    decidedAt: true,
    edits: true,
    values: true,
    comment: true,
  },
} as const satisfies Prisma.Approval$decisionsArgs;

export const decisionView = ({
  decidedAt,
  ...d
}: Prisma.ApprovalDecisionGetPayload<{ select: (typeof decisionsSelect)["select"] }>) => ({
  ...d,
  decidedAt: decidedAt.toISOString(),
});

/** An instant bounding a list; years Postgres and every client agree on (a cursor's rule too). */
const instant = (name: string) =>
  z.iso
    .datetime({ offset: true, error: `${name} must be an ISO 8601 date-time, e.g. 2026-11-29T12:00:00Z` })
    .transform((text) => new Date(text))
    .refine(
      (d) => d.getUTCFullYear() >= 1970 && d.getUTCFullYear() <= 9999,
      `${name} must be in the years 1970 to 9999`,
    );

export const listRunsQuery = pageQuery
  .extend({
    workflow: slugSchema.optional(),
    status: z.enum(RunStatus, { error: `status must be one of ${Object.values(RunStatus).join(", ")}` }).optional(),
    /** Runs created at or after this instant. */
    since: instant("since").optional(),
    /** Runs created before this instant. */
    until: instant("until").optional(),
  })
  .refine((q) => !q.since || !q.until || q.since < q.until, {
    path: ["until"],
    message: "until must be later than since",
  });
export type ListRunsQuery = z.infer<typeof listRunsQuery>;

/** Newest first, with an opaque cursor; filtering by an unknown workflow is a 404, not an empty page. */
export async function listRuns(db: Db, workspaceId: string, query: ListRunsQuery): Promise<Page<RunSummary>> {
  const workflowId = query.workflow ? await workflowIdOf(db, workspaceId, query.workflow) : undefined;
  const created = { ...(query.since ? { gte: query.since } : {}), ...(query.until ? { lt: query.until } : {}) };
  const filter = {
    workspaceId,
    ...(workflowId ? { workflowId } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.since || query.until ? { createdAt: created } : {}),
  };
  return paginate(
    query,
    ({ take, where }) =>
      db.run.findMany({ where: { ...filter, ...where }, orderBy: newestFirst, take, include: summaryInclude }),
    summary,
  );
}

/** Cancels a queued or running run (the engine's cancelRun); a run that has ended is a 409. */
export async function cancelRunById(
  s: Services,
  workspaceId: string,
  runId: string,
): Promise<{ runId: string; status: "cancelled" | "cancelling" }> {
  const run = await findRun(s.db, workspaceId, runId, {});
  if (isRunFinished(run.status))
    throw new ApiError(409, "run_finished", `Run ${runId} already ended as ${run.status}; there is nothing to cancel.`);
  const outcome = await cancelRun(engineDeps(s), runId);
  if (outcome === "unavailable")
    throw new ApiError(503, "engine_unavailable", "The workflow engine (Temporal) is unreachable; try again shortly.");
  if (outcome === "ended")
    throw new ApiError(409, "run_finished", `Run ${runId} has already ended; there is nothing to cancel.`);
  return { runId, status: outcome };
}

export const rerunBody = z.object({ fromStep: z.string().min(1, "fromStep must be a step id").optional() }).strict();

/**
 * Starts a new run of the same version with the same trigger event. From a
 * step, it reuses the outputs of the original run's succeeded steps that are
 * neither that step nor downstream of it; without one it re-runs everything.
 * The new run is started by whoever asked for it (`startedById`), not the original's starter.
 */
export async function rerunRun(
  s: Services,
  workspaceId: string,
  runId: string,
  { fromStep }: z.infer<typeof rerunBody>,
  startedById: string | null,
): Promise<{ runId: string }> {
  const original = await findRun(s.db, workspaceId, runId, {
    version: { select: { id: true, definition: true } },
    event: { select: { payload: true, bodyDeletedAt: true } },
    steps: true,
  });
  const bodyGone = (on: string) =>
    new ApiError(
      410,
      "body_expired",
      `Run ${runId}'s trigger event lost its body ${on}, when it passed the ` +
        "event retention (SWITCHYARD_EVENT_RETENTION), so the run cannot be re-run.",
    );
  if (original.event?.bodyDeletedAt) throw bodyGone(`on ${original.event.bodyDeletedAt.toISOString()}`);
  if (!isRunFinished(original.status))
    throw new ApiError(
      409,
      "run_in_progress",
      `Run ${runId} is still ${original.status}; re-run it once it has ended (or cancel it first).`,
    );

  const { steps } = original.version.definition as WorkflowDefinition;
  let reuse: Record<string, unknown> = {};
  if (fromStep !== undefined) {
    if (!steps.some((step) => step.id === fromStep)) {
      throw new ApiError(
        400,
        "unknown_step",
        `Step "${fromStep}" is not a step of the version this run is pinned to; its steps are: ${steps.map((step) => step.id).join(", ")}.`,
      );
    }
    const redo = selfAndDescendants(steps, fromStep);
    reuse = Object.fromEntries(
      original.steps
        .filter((step) => step.status === "succeeded" && !redo.has(step.stepId))
        .map((step) => [step.stepId, step.output]),
    );
  }

  return acceptRequestedRun(s, {
    workspaceId,
    workflowId: original.workflowId,
    version: original.version,
    source: "rerun",
    event: { id: original.eventId, payload: original.event?.payload ?? null },
    rerunOfId: original.id,
    fromStep: fromStep ?? null,
    reuse,
    // A test run's re-run is a test run too: what was skipped as a dry run must not run for real.
    testMode: original.testMode,
    startedById,
  }).catch((err: unknown) => {
    // Retention took the body between the read above and the run's insert.
    if (err instanceof EventBodyGoneError) throw bodyGone("just now");
    throw err;
  });
}
