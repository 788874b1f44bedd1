import type { Db } from "@switchyard/db";
import type { SeededWorkflow } from "../seed";

export { seedWorkflow, type SeededWorkflow } from "../seed";

/** Stores an event and a queued run for it, as the webhook endpoint does. */
export async function seedRun(db: Db, seeded: SeededWorkflow, payload: object = {}): Promise<string> {
  const event = await db.event.create({ data: { workspaceId: seeded.workspaceId, workflowId: seeded.workflowId, source: "test", payload } });
  const run = await db.run.create({
    data: { workspaceId: seeded.workspaceId, workflowId: seeded.workflowId, versionId: seeded.versionId, eventId: event.id },
  });
  return run.id;
}
