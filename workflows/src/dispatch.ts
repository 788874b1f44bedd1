import { classifyStartError, startErrorMessage, type EngineClient, type StartRunArgs } from "./client";
import type { Logger } from "@switchyard/connectors";
import type { Db } from "@switchyard/db";
import type { Dispatcher } from "./dispatcher";
import { dispatchRun, recordStartFailure } from "./outbox";

/** What handing runs to Temporal takes: the web's or the worker's own client. */
export interface DispatchDeps {
  db: Db;
  logger: Logger;
  /** The client, connected on first use; rejects while Temporal is unreachable. */
  engineClient(): Promise<EngineClient>;
  /**
   * Where a request's runs go once stored, to be started after the answer (see dispatcher.ts);
   * without one, accepting a run waits for its start.
   */
  dispatcher?: Dispatcher;
}

/**
 * Hands a request's just-stored runs over: to the dispatcher, which starts them after the
 * answer, or, without one, to Temporal before the answer.
 */
export async function handOver(deps: DispatchDeps, runs: readonly StartRunArgs[]): Promise<void> {
  if (!deps.dispatcher) {
    await dispatchOrLeaveToRelay(deps, runs);
    return;
  }
  for (const start of runs) deps.dispatcher.enqueue(start);
}

/** How dispatching went: `unreachable` when Temporal could not be reached, so the later runs were left to the relay untried. */
export type DispatchOutcome = "handed" | "unreachable";

/**
 * Hands just-stored runs to Temporal. They are in the outbox already, so no
 * failure here reaches the caller: a run Temporal cannot take now is left to
 * the relay, and one it refuses for reasons of its own ends `failed_to_start`
 * with an alert (recordStartFailure).
 */
export async function dispatchOrLeaveToRelay(
  deps: DispatchDeps,
  runs: readonly StartRunArgs[],
): Promise<DispatchOutcome> {
  if (!runs.length) return "handed";
  let client: EngineClient;
  try {
    client = await deps.engineClient();
  } catch (err) {
    for (const { runId } of runs) leftToRelay(deps, runId, err);
    return "unreachable";
  }
  for (const [i, start] of runs.entries()) {
    try {
      await dispatchRun(deps.db, client, start);
    } catch (err) {
      await recordFailedStart(deps, start.runId, err);
      // Each later start would wait out the same client retries before failing alike.
      if (classifyStartError(err) !== "unreachable") continue;
      for (const { runId } of runs.slice(i + 1)) leftToRelay(deps, runId, err);
      return "unreachable";
    }
  }
  return "handed";
}

async function recordFailedStart(deps: DispatchDeps, runId: string, err: unknown): Promise<void> {
  // The run stays stored whatever this records, so the caller still gets its id.
  const outcome = await recordStartFailure(deps.db, { id: runId, dispatchAttempts: 0 }, err).catch(() => "unrecorded");
  const error = startErrorMessage(err);
  if (outcome === "failed_to_start")
    deps.logger.error("run refused by Temporal; it ended failed_to_start", { runId, error });
  // Likely every start from here fails alike (credentials, namespace, task queue): nothing else will say so.
  else if (["rejected", "unattributed"].includes(classifyStartError(err)))
    deps.logger.error(
      "Temporal refused a start for no reason of the run's; the relay will start it once Temporal takes it",
      { runId, error },
    );
  else leftToRelay(deps, runId, err);
}

const leftToRelay = (deps: DispatchDeps, runId: string, err: unknown) =>
  deps.logger.warn("run stored but not started; the relay will start it", { runId, error: startErrorMessage(err) });
