import { builtinRegistry } from "@switchyard/connectors";
import { generateHookToken, hashToken, isUniqueViolation, type Prisma, type Db } from "@switchyard/db";
import { syncTriggers } from "@switchyard/workflows/engine";
import {
  appTriggerOf,
  canonicalJson,
  validateDefinition,
  type WorkflowDefinition,
} from "@switchyard/workflows/definition";
import { z } from "zod";
import type { Services } from "../context";
import { ApiError } from "../http/errors";
import { engineDeps } from "./engine-deps";
import { newestFirst, paginate, type Page, type PageQuery } from "./pagination";
import { acceptRequestedRun } from "./start-run";

export const WORKFLOW_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const slugSchema = z
  .string()
  .regex(
    WORKFLOW_SLUG,
    "a workflow slug is 1-64 lowercase letters, digits or dashes, not starting or ending with a dash",
  );

export interface WorkflowSummary {
  id: string;
  slug: string;
  name: string;
  enabled: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface WorkflowView extends WorkflowSummary {
  definition: WorkflowDefinition;
}

export interface ApplyResult {
  id: string;
  version: number;
  /** Only when the workflow was created: the webhook path, whose token is shown this once. */
  hookUrl?: string;
  created: boolean;
}

const withLatest = {
  versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, version: true, definition: true } },
} as const;

type WorkflowRow = Prisma.WorkflowGetPayload<{ include: typeof withLatest }>;

function summary(w: WorkflowRow): WorkflowSummary {
  return {
    id: w.id,
    slug: w.slug,
    name: w.name,
    enabled: w.enabled,
    version: w.versions[0]?.version ?? 0,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

/** Slugs of other workspaces are indistinguishable from missing ones. */
async function findWorkflow(db: Db, workspaceId: string, slug: string): Promise<WorkflowRow> {
  const workflow = await db.workflow.findUnique({
    where: { workspaceId_slug: { workspaceId, slug } },
    include: withLatest,
  });
  if (!workflow) throw new ApiError(404, "not_found", `No workflow "${slug}" in this workspace.`);
  return workflow;
}

/** The id of a workflow of this workspace, for filters; an unknown slug is a 404, not an empty answer. */
export async function workflowIdOf(db: Db, workspaceId: string, slug: string): Promise<string> {
  const workflow = await db.workflow.findUnique({
    where: { workspaceId_slug: { workspaceId, slug } },
    select: { id: true },
  });
  if (!workflow) throw new ApiError(404, "not_found", `No workflow "${slug}" in this workspace.`);
  return workflow.id;
}

export function parseSlug(slug: string): string {
  const parsed = slugSchema.safeParse(slug);
  if (!parsed.success)
    throw new ApiError(400, "invalid_slug", `Invalid workflow slug "${slug}": ${parsed.error.issues[0]!.message}.`);
  return parsed.data;
}

/** Validates a definition against the schema and the built-in connectors; 400 with every error, each with its JSON path. */
export function parseDefinition(input: unknown): WorkflowDefinition {
  const result = validateDefinition(input, builtinRegistry);
  if (result.ok) return result.definition;
  const n = result.errors.length;
  const first = result.errors[0]!;
  throw new ApiError(
    400,
    "invalid_definition",
    `The definition has ${n} error${n === 1 ? "" : "s"}; first: ${first.path}: ${first.message}`,
    { errors: result.errors },
  );
}

/**
 * Creates the workflow (version 1 and a webhook token) or adds an immutable
 * version N+1. A definition identical to the latest version adds nothing and
 * answers that version. Nothing is written when validation fails.
 */
export async function applyWorkflow(
  s: Services,
  workspaceId: string,
  rawSlug: string,
  input: unknown,
): Promise<ApplyResult> {
  const slug = parseSlug(rawSlug);
  const definition = parseDefinition(input);
  const json = definition as Prisma.InputJsonObject;

  for (let attempt = 0; ; attempt++) {
    let previous: WorkflowDefinition | undefined;
    try {
      const result = await s.db.$transaction(async (tx) => {
        const existing = await tx.workflow.findUnique({
          where: { workspaceId_slug: { workspaceId, slug } },
          include: withLatest,
        });
        if (!existing) {
          const hookToken = generateHookToken();
          const created = await tx.workflow.create({
            data: {
              workspaceId,
              slug,
              name: definition.name,
              hookTokenHash: hashToken(hookToken),
              versions: { create: { version: 1, definition: json } },
            },
            select: { id: true },
          });
          // A connector's trigger gets its URL when registered; polls and app events have none.
          return {
            id: created.id,
            version: 1,
            ...(appTriggerOf(definition.trigger) ? {} : { hookUrl: `/hooks/${hookToken}` }),
            created: true,
          };
        }
        const latest = existing.versions[0];
        previous = latest?.definition as WorkflowDefinition | undefined;
        if (latest && canonicalJson(latest.definition) === canonicalJson(definition))
          return { id: existing.id, version: latest.version, created: false };
        const version = (latest?.version ?? 0) + 1;
        await tx.workflow.update({
          where: { id: existing.id },
          data: { name: definition.name, versions: { create: { version, definition: json } } },
        });
        return { id: existing.id, version, created: false };
      });
      const hookToken = await followTrigger(s, result.id, previous);
      return hookToken ? { ...result, hookUrl: `/hooks/${hookToken}` } : result;
    } catch (err) {
      // A concurrent PUT of the same slug won the race; the retry sees its row.
      if (!isUniqueViolation(err)) throw err;
      if (attempt >= 2)
        throw new ApiError(409, "conflict", `Workflow "${slug}" is being changed concurrently; try again.`);
    }
  }
}

export async function getWorkflow(db: Db, workspaceId: string, slug: string): Promise<WorkflowView> {
  const workflow = await findWorkflow(db, workspaceId, slug);
  return { ...summary(workflow), definition: workflow.versions[0]?.definition as WorkflowDefinition };
}

export function listWorkflows(db: Db, workspaceId: string, page: PageQuery): Promise<Page<WorkflowSummary>> {
  return paginate(
    page,
    ({ take, where }) =>
      db.workflow.findMany({ where: { workspaceId, ...where }, orderBy: newestFirst, take, include: withLatest }),
    summary,
  );
}

export async function setWorkflowEnabled(
  s: Services,
  workspaceId: string,
  slug: string,
  enabled: boolean,
): Promise<WorkflowSummary> {
  const { id } = await findWorkflow(s.db, workspaceId, slug);
  await s.db.workflow.update({ where: { id }, data: { enabled } });
  await followTrigger(s, id);
  return summary(await findWorkflow(s.db, workspaceId, slug));
}

/**
 * After a save, enable or disable, the workflow's trigger follows (the engine's
 * syncTriggers). A trigger that cannot work leaves the workflow disabled, and
 * the caller hears why. Returns a plain webhook's new token when its provider
 * registration was just retired.
 */
async function followTrigger(
  s: Services,
  workflowId: string,
  previous?: WorkflowDefinition,
): Promise<string | undefined> {
  const synced = await syncTriggers(engineDeps(s), workflowId, previous);
  switch (synced.status) {
    case "synced":
      return synced.hookToken;
    case "unroutable":
      throw new ApiError(
        409,
        "connection_not_routable",
        `The workflow is saved but disabled: ${synced.reason}, then enable the workflow.`,
      );
    case "unregistered":
      throw new ApiError(
        synced.fault === "provider" ? 502 : 409,
        "trigger_registration_failed",
        `The workflow is saved but disabled: ${synced.reason}. Fix the cause, then enable it to try again.`,
      );
  }
}

/** A run asked for: its input, and test mode (each step with side effects waits for approval first). */
export const startRunBody = z.object({ input: z.unknown().optional(), testMode: z.boolean().optional() }).strict();
export type StartRunBody = z.infer<typeof startRunBody>;

/**
 * `POST /workflows/<slug>/runs`: an `api` event with `{body: input}`, and a run pinned to the latest
 * version, started by the token's member (whom a checkpoint's self-approval rule then refuses).
 */
export async function startWorkflowRun(
  s: Services,
  workspaceId: string,
  slug: string,
  { input, testMode = false }: StartRunBody,
  startedById: string | null,
): Promise<{ runId: string }> {
  const workflow = await findWorkflow(s.db, workspaceId, slug);
  const version = workflow.versions[0];
  if (!version) throw new ApiError(409, "no_version", `Workflow "${slug}" has no version to run.`);
  if (!workflow.enabled)
    throw new ApiError(409, "workflow_disabled", `Workflow "${slug}" is disabled; enable it to start runs.`);
  return acceptRequestedRun(s, {
    workspaceId,
    workflowId: workflow.id,
    version,
    source: "api",
    event: { source: "api", payload: { body: input ?? null } },
    startedById,
    testMode,
  });
}
