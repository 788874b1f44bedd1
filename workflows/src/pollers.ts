import { isDatabaseUnavailable, type Db } from "@switchyard/db";
import type { Logger } from "@switchyard/connectors";
import { ensurePoller, type EngineClient } from "./client";
import type { WorkflowDefinition } from "./definition/schema";

/**
 * Starts any missing poller of enabled polling workflows: those saved or
 * enabled while Temporal was unreachable, or lost with a dev server's memory.
 * Run at worker start; starting an existing poller is a no-op.
 */
export async function resumePollers(db: Db, engine: EngineClient, logger: Logger): Promise<number> {
  const workflows = await db.workflow.findMany({
    // Only workflows that ever polled; the latest version decides below.
    where: { enabled: true, versions: { some: { definition: { path: ["trigger", "type"], equals: "poll" } } } },
    select: { id: true, versions: { orderBy: { version: "desc" }, take: 1, select: { definition: true } } },
  });
  const polling = workflows.filter(
    (w) => (w.versions[0]?.definition as WorkflowDefinition | undefined)?.trigger.type === "poll",
  );
  for (const w of polling) {
    await ensurePoller(engine, w.id).catch((err: unknown) =>
      logger.warn("could not start a poller", { workflowId: w.id, error: String(err) }),
    );
  }
  return polling.length;
}

/**
 * resumePollers for a worker that is starting: a database outage at that moment is waited out
 * (doubling from 1 s to 30 s) instead of failing the start, which would only crash-loop the
 * worker. Any other error is logged and ends the attempt.
 */
export async function resumePollersWhenDatabaseAnswers(db: Db, engine: EngineClient, logger: Logger): Promise<void> {
  for (let delayMs = 1_000; ; delayMs = Math.min(delayMs * 2, 30_000)) {
    try {
      const pollers = await resumePollers(db, engine, logger);
      logger.info("pollers resumed", { pollers });
      return;
    } catch (err) {
      if (!isDatabaseUnavailable(err)) {
        logger.error("could not resume pollers", { error: err instanceof Error ? err.message : String(err) });
        return;
      }
      logger.warn("database unreachable; resuming pollers once it is back", { retryInMs: delayMs });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
