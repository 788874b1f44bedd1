import { Context } from "@temporalio/activity";
import { NonRetryableError, type ActionDefinition } from "@switchyard/connectors";
import type { ActivityDeps } from "./deps";
import { httpForStep, type StepHttp } from "../connections/http";
import { markRunning } from "./begin-run";
import { databasePatience, retryWhileDatabaseAway } from "./database";
import { heartbeating } from "./heartbeat";

export interface StepTarget {
  runId: string;
  uses: string;
  connection?: string;
  /**
   * Flips a queued run to running: for runs whose workflow began before runs were claimed at
   * their start. Batches always ask (their fan-out does not know), a no-op for a claimed run.
   */
  marksRunStarted?: true;
}

export interface StepSetup extends StepHttp {
  action: ActionDefinition;
  ctx: Context;
  /** How long this attempt waits in place for an unreachable database. */
  patienceMs: number;
}

/**
 * Runs `body` with what both step activities need before they call a connector, heartbeating
 * throughout. `starting` is the caller's own record that the step runs. The database work waits
 * out a short outage; a longer one ends in DatabaseUnavailableError, always before a connector is
 * called. An operation that cannot run here, or a connection that cannot be used, is a
 * NonRetryableError.
 */
export async function inStep<T>(
  deps: ActivityDeps,
  target: StepTarget,
  starting: (() => Promise<unknown>) | undefined,
  body: (setup: StepSetup) => Promise<T>,
): Promise<T> {
  const ctx = Context.current();
  const patienceMs = databasePatience(deps);
  return heartbeating(ctx, async () => {
    // The step's own record and the run's connection are independent: written and read at once.
    // Every one settles before any failure counts, so no write lands after the step's outcome.
    const { http, connection } = await retryWhileDatabaseAway(async () => {
      const [started, marked, loaded] = await Promise.allSettled([
        starting?.(),
        target.marksRunStarted ? markRunning(deps.db, target.runId) : undefined,
        httpForStep(deps, target.runId, target.uses, target.connection),
      ]);
      for (const settled of [started, marked, loaded]) if (settled.status === "rejected") throw settled.reason;
      return (loaded as PromiseFulfilledResult<StepHttp>).value;
    }, patienceMs);
    const action = deps.registry.action(target.uses);
    if (!action?.run) throw new NonRetryableError(`operation "${target.uses}" cannot run as an activity`);
    return body({ action, http, connection, ctx, patienceMs });
  });
}
