import type { Db } from "@switchyard/db";
import type { RunStatus } from "../interpreter/contract";
import { noteRunOwner } from "../observability/run-log-context";
import { bookkeeping } from "./database";
import type { ActivityDeps } from "./deps";

/**
 * Moves a queued run to running, and marks it dispatched if nothing did yet; returns whether it
 * was queued. Hand-written SQL: it runs once per run, ahead of every step.
 */
export async function markRunning(db: Pick<Db, "$queryRaw">, runId: string): Promise<boolean> {
  const now = new Date();
  const [claimed] = await db.$queryRaw<{ workflowId: string; workspaceId: string }[]>`
    UPDATE "Run" SET status = 'running', "startedAt" = ${now}::timestamp(3),
      "dispatchedAt" = COALESCE("dispatchedAt", ${now}::timestamp(3))
    WHERE id = ${runId} AND status = 'queued'
    RETURNING "workflowId", "workspaceId"`;
  if (claimed) noteRunOwner(runId, claimed);
  return claimed !== undefined;
}

/**
 * What the workflow learns as it begins: whether the run is its to carry out, or already ended; and
 * where its connectors' steps go (connector slug → task queue), from this worker's configuration.
 * Recorded in the history, so the run routes the same way on replay and whichever worker goes on with it.
 */
export type RunBeginning = { begun: true; queues?: Record<string, string> } | { begun: false; status: RunStatus };

export function createBeginRunActivities(deps: Pick<ActivityDeps, "db" | "databasePatienceMs" | "connectorQueues">) {
  // Absent when there is no routing, so such runs' histories stay as they were.
  const routing =
    deps.connectorQueues && Object.keys(deps.connectorQueues).length ? { queues: deps.connectorQueues } : {};
  return {
    /**
     * Claims a queued run for its workflow: `running` from here on, and dispatched, whoever
     * started it (the relay no longer looks at it). A run that is no longer queued was cancelled
     * before its start reached Temporal (a cancel between the 202 and the start), or begun by an
     * earlier attempt of this activity. The claim and cancelRun's update of an undispatched run
     * both hold only for a queued row, so exactly one of them wins.
     */
    async beginRun({ runId }: { runId: string }): Promise<RunBeginning> {
      return bookkeeping(deps, async () => {
        if (await markRunning(deps.db, runId)) return { begun: true, ...routing };
        const { status } = await deps.db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
        if (status === "running") return { begun: true, ...routing };
        return { begun: false, status: status === "failed_to_start" ? "failed" : status };
      });
    },
  };
}
