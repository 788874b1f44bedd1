import { WorkflowNotFoundError } from "@temporalio/client";
import { cancelRun as cancelInTemporal, type EngineClient } from "../client";
import type { EngineDeps } from "./deps";

/**
 * What a cancel did: `cancelled` a run whose workflow had not claimed it, asked a
 * running one to stop (`cancelling`), found it `ended` already, or could not reach
 * Temporal (`unavailable`: nothing changed).
 */
export type CancelOutcome = "cancelled" | "cancelling" | "ended" | "unavailable";

/**
 * Cancels a queued or running run. One still in the outbox is cancelled in the
 * database: the relay never starts it, and a start already on its way (the
 * dispatcher's) finds it cancelled and ends at once (beginRun). Otherwise the
 * interpreter gets the cancellation, and its in-flight steps with it, and ends
 * the run `cancelled`.
 */
export async function cancelRun(deps: Pick<EngineDeps, "db" | "engineClient">, runId: string): Promise<CancelOutcome> {
  const undispatched = await deps.db.run.updateMany({
    where: { id: runId, status: "queued", dispatchedAt: null },
    data: { status: "cancelled", endedAt: new Date() },
  });
  if (undispatched.count) return "cancelled";
  let client: EngineClient;
  try {
    client = await deps.engineClient();
  } catch {
    return "unavailable";
  }
  try {
    await cancelInTemporal(client, runId);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return "ended";
    throw err;
  }
  return "cancelling";
}
