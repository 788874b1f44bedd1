import type { Prisma } from "@switchyard/db";
import { dispatchRun } from "@switchyard/workflows";
import type { WorkflowDefinition } from "@switchyard/workflows/definition";
import type { Services } from "../context";

export type RunSource = "webhook" | "api" | "rerun";

export interface NewRun {
  workspaceId: string;
  workflowId: string;
  /** The version the run is pinned to. */
  version: { id: string; definition: unknown };
  source: RunSource;
  /** A new trigger occurrence to store with the run, or an existing event (re-runs). */
  event: { source: string; payload: object } | { id: string | null; payload: unknown };
  rerunOfId?: string;
  fromStep?: string | null;
  /** Outputs of steps the run must take as already succeeded, by step id. */
  reuse?: Record<string, unknown>;
}

/**
 * The one way a run starts (webhook, API, re-run): the run row (and its event)
 * is stored in one statement, then handed to Temporal. If Temporal is down the
 * run stays queued and the worker's relay starts it, reuse included, so an
 * accepted run is never lost.
 */
export async function createAndDispatchRun(s: Services, run: NewRun): Promise<{ runId: string }> {
  const reuse = run.reuse && Object.keys(run.reuse).length ? (run.reuse as Prisma.InputJsonObject) : undefined;
  const data = {
    workspaceId: run.workspaceId,
    workflowId: run.workflowId,
    versionId: run.version.id,
    source: run.source,
    rerunOfId: run.rerunOfId ?? null,
    fromStep: run.fromStep ?? null,
    ...(reuse ? { reuse } : {}),
  };
  const runId =
    "source" in run.event
      ? (
          await s.db.event.create({
            data: { workspaceId: run.workspaceId, workflowId: run.workflowId, source: run.event.source, payload: run.event.payload as Prisma.InputJsonObject, runs: { create: data } },
            select: { runs: { select: { id: true } } },
          })
        ).runs[0]!.id
      : (await s.db.run.create({ data: { ...data, eventId: run.event.id }, select: { id: true } })).id;

  try {
    const { name, steps } = run.version.definition as WorkflowDefinition;
    await dispatchRun(s.db, await s.engine(), { runId, workflowName: name, steps, trigger: run.event.payload ?? null, ...(reuse ? { reuse } : {}) });
  } catch (err) {
    s.logger.warn("run stored but not started; the relay will start it", { runId, error: err instanceof Error ? err.message : String(err) });
  }
  return { runId };
}
