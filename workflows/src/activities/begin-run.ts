import type { RunStatus } from "../interpreter/contract";
import { bookkeeping } from "./database";
import type { ActivityDeps } from "./deps";

/** What the workflow learns as it begins: whether the run is its to carry out, or already ended. */
export type RunBeginning = { begun: true } | { begun: false; status: RunStatus };

export function createBeginRunActivities(deps: Pick<ActivityDeps, "db" | "databasePatienceMs">) {
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
        const now = new Date();
        const claimed = await deps.db.run.updateMany({
          where: { id: runId, status: "queued" },
          data: { status: "running", startedAt: now, dispatchedAt: now },
        });
        if (claimed.count) return { begun: true };
        const { status } = await deps.db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
        if (status === "running") return { begun: true };
        return { begun: false, status: status === "failed_to_start" ? "failed" : status };
      });
    },
  };
}
