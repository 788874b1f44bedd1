// The engine's own activities (records, renders, alerts), as the workflow calls them. Their
// retries are the platform's business and never count against a user's step.
import { CancellationScope, proxyActivities, proxyLocalActivities } from "@temporalio/workflow";
import type { Activities } from "../activities";
import type { FinishRunInput } from "./contract";

/**
 * Records and reads of the engine's own state: retried until the database answers again. No
 * attempt limit: the activities themselves turn any other failure non-retryable after 10 attempts
 * (bookkeeping() in activities/database.ts), so a bug cannot retry forever.
 */
export const BOOKKEEPING_RETRY = {
  initialInterval: "1 second",
  backoffCoefficient: 2,
  maximumInterval: "30 seconds",
} as const;

/**
 * How the workflow calls a bookkeeping activity. They heartbeat every few seconds while they work
 * (retryWhileDatabaseAway), so a worker that dies under one (SIGKILL, a lost node) hands it to
 * another after 15 s, not after the whole minute with the run standing still.
 */
export const BOOKKEEPING_ACTIVITY = {
  startToCloseTimeout: "1 minute",
  heartbeatTimeout: "15 seconds",
  retry: BOOKKEEPING_RETRY,
} as const;

export const { finishRun, finishFanOut, loadRunInput } = proxyActivities<Activities>(BOOKKEEPING_ACTIVITY);

/** A single conditional write at the run's start: local, so it costs no round trip through the task queue. */
export const { beginRun } = proxyLocalActivities<Activities>({
  startToCloseTimeout: "1 minute",
  retry: BOOKKEEPING_RETRY,
  // Longer waits between attempts (a database outage) are durable timers: retried in place, each
  // would keep one workflow task open, and its heartbeats would add events to the history.
  localRetryThreshold: "10 seconds",
});

/** A sync webhook's answer, stored the moment its step runs: local, as the sender is waiting. */
export const { publishResponse } = proxyLocalActivities<Activities>({
  startToCloseTimeout: "1 minute",
  retry: BOOKKEEPING_RETRY,
  localRetryThreshold: "10 seconds",
});

/** Rendering can fail for its own reasons (a render thread that dies or stays busy): a bounded policy. */
export const { renderTemplates } = proxyActivities<Activities>({
  ...BOOKKEEPING_ACTIVITY,
  retry: { ...BOOKKEEPING_RETRY, maximumAttempts: 10 },
});

const { notifyAlert } = proxyActivities<Activities>({
  startToCloseTimeout: "1 minute",
  retry: { maximumAttempts: 5, initialInterval: "5 seconds" },
});

/**
 * Writes the run's final record and mails its alert, if any. Runs even when the run
 * was cancelled, since its record must still be written.
 */
export async function recordRunEnd(input: FinishRunInput): Promise<void> {
  await CancellationScope.nonCancellable(async () => {
    const { alertId } = await finishRun(input);
    if (!alertId) return;
    // A mail outage must not fail the run: the alert is already in the feed.
    await notifyAlert({ alertId }).catch(() => undefined);
  });
}
