import { defineSearchAttributeKey, SearchAttributeType } from "@temporalio/common";
import { executeChild, isCancellation, proxyActivities, workflowInfo } from "@temporalio/workflow";
import type { Activities } from "../activities";
import { BOOKKEEPING_RETRY } from "./bookkeeping";
import { INTERPRETER_WORKFLOW, workflowIdForRun } from "./contract";

// Storing a fire is the engine's own bookkeeping: retried until the database answers (a fire is
// never lost to an outage), bounded against bugs by the activity itself.
const { acceptScheduledFire } = proxyActivities<Activities>({
  startToCloseTimeout: "1 minute",
  retry: BOOKKEEPING_RETRY,
});

/** Set by Temporal on every workflow a Schedule starts: the fire's nominal time. */
const SCHEDULED_START = defineSearchAttributeKey("TemporalScheduledStartTime", SearchAttributeType.DATETIME);

/**
 * One fire of a workflow's schedule: stores its event and run through the same path as every
 * trigger, then carries the run out as a child, so that the schedule's overlap policy sees a
 * fire as running for as long as its run does (skip, buffer, cancel the other).
 */
export async function scheduledFire({ workflowId }: { workflowId: string }): Promise<void> {
  const info = workflowInfo();
  const scheduledAt = info.typedSearchAttributes.get(SCHEDULED_START) ?? info.startTime;
  const fired = await acceptScheduledFire({
    workflowId,
    scheduledAt: scheduledAt.toISOString(),
    // Temporal names each fire's workflow by its nominal time: stable across retries and resets.
    fireId: info.workflowId,
  });
  if ("skipped" in fired) return;
  try {
    await executeChild(INTERPRETER_WORKFLOW, {
      workflowId: workflowIdForRun(fired.start.runId),
      args: [fired.start],
      workflowIdReusePolicy: "REJECT_DUPLICATE",
      // The run records its own cancellation; terminating it would leave its record running.
      parentClosePolicy: "REQUEST_CANCEL",
    });
  } catch (err) {
    if (isCancellation(err)) throw err;
    // Started already (by the relay, after a crash between storing and starting): it runs, unwatched.
  }
}
