// Which run and step statuses are final, shared by the server (what may be cancelled or
// re-run) and the screens (when to stop polling).

/** A run that never started (failed_to_start) has ended too: nothing to cancel, and it may be re-run. */
export const FINISHED_RUN_STATUSES: ReadonlySet<string> = new Set([
  "succeeded",
  "failed",
  "partially_succeeded",
  "cancelled",
  "failed_to_start",
]);

export const isRunFinished = (status: string): boolean => FINISHED_RUN_STATUSES.has(status);

/** A step still in one of these may change; anything else is its final state. */
const UNSETTLED_STEP: ReadonlySet<string> = new Set(["pending", "running", "waiting"]);

export const isStepSettled = (status: string): boolean => !UNSETTLED_STEP.has(status);
