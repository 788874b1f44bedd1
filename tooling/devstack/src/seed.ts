import { randomBytes } from "node:crypto";
import {
  generateApiToken,
  generateHookToken,
  hashToken,
  tokenPrefix,
  type Db,
  type Prisma,
  type Role,
} from "@switchyard/db";
import { definitionSchema } from "@switchyard/workflows/definition";
import { storeRun, type NewRun, type StartRunArgs } from "@switchyard/workflows/worker";

export interface SeededWorkflow {
  workspaceId: string;
  workflowId: string;
  versionId: string;
  hookToken: string;
  apiToken: string;
}

/** A workflow (version 1) reachable by webhook, in a workspace that exists. */
async function createWorkflow(db: Db, workspaceId: string, input: unknown, slug: string) {
  // Stored definitions are always the parsed form, with defaults filled in.
  const definition = definitionSchema.parse(input);
  const hookToken = generateHookToken();
  const workflow = await db.workflow.create({
    data: {
      workspaceId,
      slug,
      name: definition.name,
      hookTokenHash: hashToken(hookToken),
      versions: { create: { version: 1, definition: definition as Prisma.InputJsonObject } },
    },
    include: { versions: true },
  });
  return { workflowId: workflow.id, versionId: workflow.versions[0]!.id, hookToken };
}

/** A workspace with an API token and one workflow (version 1) reachable by webhook. */
export async function seedWorkflow(
  db: Db,
  input: unknown,
  slug = "wf",
  workspaceSlug = `ws-${randomBytes(4).toString("hex")}`,
): Promise<SeededWorkflow> {
  const apiToken = generateApiToken();
  const workspace = await db.workspace.create({
    data: {
      slug: workspaceSlug,
      name: "Test workspace",
      apiTokens: { create: { name: "test", tokenHash: hashToken(apiToken), prefix: tokenPrefix(apiToken) } },
    },
  });
  return { workspaceId: workspace.id, apiToken, ...(await createWorkflow(db, workspace.id, input, slug)) };
}

/** Another workflow in the seeded one's workspace (the same API token reaches it). */
export async function seedSiblingWorkflow(
  db: Db,
  seeded: SeededWorkflow,
  input: unknown,
  slug: string,
): Promise<SeededWorkflow> {
  return { ...seeded, ...(await createWorkflow(db, seeded.workspaceId, input, slug)) };
}

/**
 * Stores an event and a queued run for it the way every trigger does (storeRun), and
 * returns what starting it takes, as the engine builds it.
 */
export async function seedRunToStart(
  db: Db,
  seeded: SeededWorkflow,
  payload: object = {},
  run: Pick<NewRun, "reuse" | "startedById" | "testMode" | "fromStep"> = {},
): Promise<StartRunArgs> {
  const version = await db.workflowVersion.findUniqueOrThrow({
    where: { id: seeded.versionId },
    select: { id: true, definition: true },
  });
  return storeRun(db, {
    workspaceId: seeded.workspaceId,
    workflowId: seeded.workflowId,
    version,
    source: "api",
    event: { source: "test", payload },
    ...run,
  });
}

/** Stores an event and a queued run for it, as the webhook endpoint does, and returns the run's id. */
export async function seedRun(db: Db, seeded: SeededWorkflow, payload: object = {}): Promise<string> {
  return (await seedRunToStart(db, seeded, payload)).runId;
}

/**
 * A member of a workspace with this email and role (the user is made once, however many
 * workspaces it joins). The name defaults to the address's first word: "ana-1f3c@x.io" is "ana".
 */
export async function seedMember(
  db: Db,
  workspaceId: string,
  email: string,
  role: Role,
  name = email.split(/[-@]/)[0]!,
): Promise<{ id: string; email: string; role: Role; name: string }> {
  const user = await db.user.upsert({ where: { email }, update: {}, create: { email, name } });
  await db.membership.create({ data: { userId: user.id, workspaceId, role } });
  return { id: user.id, email, role, name };
}
