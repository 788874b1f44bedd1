import { randomBytes } from "node:crypto";
import { generateApiToken, generateHookToken, hashToken, type Db, type Prisma } from "@switchyard/db";
import { definitionSchema } from "@switchyard/workflows/definition";

export interface SeededWorkflow {
  workspaceId: string;
  workflowId: string;
  versionId: string;
  hookToken: string;
  apiToken: string;
}

/** A workspace with an API token and one workflow (version 1) reachable by webhook. */
export async function seedWorkflow(db: Db, input: unknown, slug = "wf", workspaceSlug = `ws-${randomBytes(4).toString("hex")}`): Promise<SeededWorkflow> {
  // Stored definitions are always the parsed form, with defaults filled in.
  const definition = definitionSchema.parse(input);
  const hookToken = generateHookToken();
  const apiToken = generateApiToken();
  const workspace = await db.workspace.create({
    data: {
      slug: workspaceSlug,
      name: "Test workspace",
      apiTokens: { create: { name: "test", tokenHash: hashToken(apiToken) } },
    },
  });
  const workflow = await db.workflow.create({
    data: {
      workspaceId: workspace.id,
      slug,
      name: definition.name,
      hookTokenHash: hashToken(hookToken),
      versions: { create: { version: 1, definition: definition as Prisma.InputJsonObject } },
    },
    include: { versions: true },
  });
  return { workspaceId: workspace.id, workflowId: workflow.id, versionId: workflow.versions[0]!.id, hookToken, apiToken };
}


/** Stores an event and a queued run for it, as the webhook endpoint does. */
export async function seedRun(db: Db, seeded: SeededWorkflow, payload: object = {}): Promise<string> {
  const event = await db.event.create({ data: { workspaceId: seeded.workspaceId, workflowId: seeded.workflowId, source: "test", payload } });
  const run = await db.run.create({
    data: { workspaceId: seeded.workspaceId, workflowId: seeded.workflowId, versionId: seeded.versionId, eventId: event.id },
  });
  return run.id;
}
