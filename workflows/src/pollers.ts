import type { Db } from "@switchyard/db";
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
