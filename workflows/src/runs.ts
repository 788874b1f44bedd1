import type { Db, Prisma } from "@switchyard/db";
import type { StartRunArgs } from "./client";
import type { WorkflowDefinition } from "./definition/schema";

export type RunSource = "webhook" | "api" | "rerun" | "poll" | "event";

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
 * Stores a run (and its event) in one statement, queued and not yet dispatched:
 * the outbox. Returns what starting it takes; if that start never happens, the
 * worker's relay starts it, so an accepted run is never lost. Accepts a
 * transaction, so a poll stores its runs together with its new cursor.
 */
export async function storeRun(db: Pick<Db, "event" | "run">, run: NewRun): Promise<StartRunArgs> {
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
          await db.event.create({
            data: { workspaceId: run.workspaceId, workflowId: run.workflowId, source: run.event.source, payload: run.event.payload as Prisma.InputJsonObject, runs: { create: data } },
            select: { runs: { select: { id: true } } },
          })
        ).runs[0]!.id
      : (await db.run.create({ data: { ...data, eventId: run.event.id }, select: { id: true } })).id;
  const { name, steps } = run.version.definition as WorkflowDefinition;
  return { runId, workflowName: name, steps, trigger: run.event.payload ?? null, ...(reuse ? { reuse } : {}) };
}
