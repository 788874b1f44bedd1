import { setTimeout as sleep } from "node:timers/promises";
import { isDatabaseUnavailable, type Db } from "@switchyard/db";
import type { Logger } from "@switchyard/connectors";
import type { EngineClient } from "./client";
import { resumePollers } from "./pollers";
import { reconcileSchedules } from "./schedules";

/**
 * For a worker that is starting: starts missing pollers and reconciles the schedules with the
 * enabled workflows. A database outage at that moment is waited out (doubling from 1 s to 30 s)
 * instead of failing the start, which would only crash-loop the worker. Any other error is
 * logged and ends the attempt. A worker that stops meanwhile aborts `stopping`, or its pending
 * wait would keep the process alive for as long as the outage lasts.
 */
export async function resumeTriggersWhenDatabaseAnswers(
  db: Db,
  engine: EngineClient,
  logger: Logger,
  stopping?: AbortSignal,
): Promise<void> {
  for (let delayMs = 1_000; !stopping?.aborted; delayMs = Math.min(delayMs * 2, 30_000)) {
    try {
      const pollers = await resumePollers(db, engine, logger);
      const schedules = await reconcileSchedules(db, engine, logger);
      logger.info("triggers resumed", { pollers, ...schedules });
      return;
    } catch (err) {
      if (!isDatabaseUnavailable(err)) {
        logger.error("could not resume triggers", { error: err instanceof Error ? err.message : String(err) });
        return;
      }
      logger.warn("database unreachable; resuming triggers once it is back", { retryInMs: delayMs });
      await sleep(delayMs, undefined, { signal: stopping }).catch(() => undefined);
    }
  }
}
