import { continueAsNew, log, proxyActivities, sleep, workflowInfo } from "@temporalio/workflow";
import type { Activities } from "../activities";

const { pollTrigger } = proxyActivities<Activities>({
  startToCloseTimeout: "5 minutes",
  heartbeatTimeout: "1 minute",
  // Failures of the provider are handled inside the activity; these retries cover the database and crashes.
  retry: { maximumAttempts: 5, initialInterval: "5 seconds" },
});
const { notifyAlert } = proxyActivities<Activities>({ startToCloseTimeout: "1 minute", retry: { maximumAttempts: 5, initialInterval: "5 seconds" } });

/** Used when a poll cannot even read its definition; the next poll tries again. */
const FALLBACK_INTERVAL = "1 minute";

/**
 * Polls a workflow's trigger at the trigger's interval until the workflow is
 * disabled, deleted, or stops polling: each poll reads the current definition,
 * so nothing needs restarting on edits. Durable: a worker crash resumes the
 * loop where it slept.
 */
export async function pollTriggerLoop(workflowId: string): Promise<string> {
  for (;;) {
    let result: Awaited<ReturnType<typeof pollTrigger>> | undefined;
    try {
      result = await pollTrigger({ workflowId });
    } catch (err) {
      log.warn("poll activity failed; trying again later", { workflowId, error: String(err) });
    }
    if (result && "stop" in result) return result.stop;
    if (result?.alertId) await notifyAlert({ alertId: result.alertId }).catch(() => undefined);
    await sleep(result?.everyMs ?? FALLBACK_INTERVAL);
    // Keeps the history short for a loop that runs for months.
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > 2_000) await continueAsNew<typeof pollTriggerLoop>(workflowId);
  }
}
