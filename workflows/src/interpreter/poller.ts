import { condition, continueAsNew, log, proxyActivities, setHandler, workflowInfo } from "@temporalio/workflow";
import type { Activities } from "../activities";
import { pollNowSignal } from "./contract";

const { pollTrigger } = proxyActivities<Activities>({
  startToCloseTimeout: "5 minutes",
  heartbeatTimeout: "1 minute",
  // Failures of the provider are handled inside the activity; these retries cover the database and crashes.
  retry: { maximumAttempts: 5, initialInterval: "5 seconds" },
});
const { notifyAlert } = proxyActivities<Activities>({
  startToCloseTimeout: "1 minute",
  retry: { maximumAttempts: 5, initialInterval: "5 seconds" },
});

/** Used when a poll cannot even read its definition; the next poll tries again. */
const FALLBACK_INTERVAL_MS = 60_000;

/**
 * Polls a workflow's trigger at the trigger's interval until the workflow is
 * disabled, deleted, or stops polling. Each poll reads the current definition;
 * `pollNow` (sent on save, enable and disable) cuts the wait short, so a new
 * interval or a disable applies at once, and a signal that raced an ending
 * poll is honoured instead of lost. Durable: a worker crash resumes the loop.
 */
export async function pollTriggerLoop(workflowId: string): Promise<string> {
  let woken = false;
  setHandler(pollNowSignal, () => void (woken = true));
  for (;;) {
    woken = false;
    let result: Awaited<ReturnType<typeof pollTrigger>> | undefined;
    try {
      result = await pollTrigger({ workflowId });
    } catch (err) {
      log.warn("poll activity failed; trying again later", { workflowId, error: String(err) });
    }
    if (result && "stop" in result) {
      if (woken) continue;
      return result.stop;
    }
    if (result?.alertId) await notifyAlert({ alertId: result.alertId }).catch(() => undefined);
    await condition(() => woken, result?.everyMs ?? FALLBACK_INTERVAL_MS);
    // Keeps the history short for a loop that runs for months.
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > 2_000)
      await continueAsNew<typeof pollTriggerLoop>(workflowId);
  }
}
