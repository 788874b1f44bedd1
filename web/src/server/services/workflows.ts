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
import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { ApiError } from "../http/errors";
import { recordAudit } from "./audit";
import { engineDeps } from "./engine-deps";
import { sealHookSecret } from "./hook-secrets";
import { newestFirst, paginate, type Page, type PageQuery } from "./pagination";

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
  /** Only when a secret given inline was sealed: the definition as stored, with its reference instead. */
  sealed?: WorkflowDefinition;
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
export const noSuchWorkflow = (slug: string) =>
  new ApiError(404, "not_found", `No workflow "${slug}" in this workspace.`);

async function findWorkflow(db: Db, workspaceId: string, slug: string): Promise<WorkflowRow> {
  const workflow = await db.workflow.findUnique({
    where: { workspaceId_slug: { workspaceId, slug } },
    include: withLatest,
  });
  if (!workflow) throw noSuchWorkflow(slug);
  return workflow;
}

/** The id of a workflow of this workspace, for filters; an unknown slug is a 404, not an empty answer. */
export async function workflowIdOf(db: Db, workspaceId: string, slug: string): Promise<string> {
  const workflow = await db.workflow.findUnique({
    where: { workspaceId_slug: { workspaceId, slug } },
    select: { id: true },
  });
  if (!workflow) throw noSuchWorkflow(slug);
  return workflow.id;
}

export function parseSlug(slug: string): string {
  const parsed = slugSchema.safeParse(slug);
  if (!parsed.success)
    throw new ApiError(400, "invalid_slug", `Invalid workflow slug "${slug}": ${parsed.error.issues[0]!.message}.`);
  return parsed.data;
}

/**
 * Validates a definition against the schema, the built-in connectors and this installation's
 * limits; 400 with every error, each with its JSON path.
 */
export function parseDefinition(s: Pick<Services, "minScheduleIntervalMs">, input: unknown): WorkflowDefinition {
  const result = validateDefinition(input, builtinRegistry, { minScheduleIntervalMs: s.minScheduleIntervalMs });
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
  caller: ApiCaller,
  rawSlug: string,
  input: unknown,
  /**
   * `enabled: false` creates the workflow disabled (a template, an import); an existing one keeps its state.
   * `restoredFrom` names the old version a save restores, in its audit entry.
   */
  { enabled = true, restoredFrom }: { enabled?: boolean; restoredFrom?: number } = {},
): Promise<ApplyResult> {
  const { workspaceId } = caller;
  const slug = parseSlug(rawSlug);
  const definition = parseDefinition(s, input);

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
            data: { workspaceId, slug, name: definition.name, enabled, hookTokenHash: hashToken(hookToken) },
            select: { id: true },
          });
          const stored = await sealHookSecret(tx, s.keyRing, { workspaceId, workflowId: created.id }, definition);
          await tx.workflowVersion.create({ data: { workflowId: created.id, version: 1, definition: asJson(stored) } });
          await recordAudit(tx, caller, savedEvent("workflow.create", created.id, slug, definition.name, 1));
          // A connector's trigger gets its URL when registered; polls and app events have none.
          return {
            id: created.id,
            version: 1,
            ...(appTriggerOf(definition.trigger) ? {} : { hookUrl: `/hooks/${hookToken}` }),
            created: true,
            ...sealedIn(definition, stored),
          };
        }
        const latest = existing.versions[0];
        previous = latest?.definition as WorkflowDefinition | undefined;
        const at = { workspaceId, workflowId: existing.id };
        const stored = await sealHookSecret(tx, s.keyRing, at, definition, previous);
        if (latest && canonicalJson(latest.definition) === canonicalJson(stored))
          return { id: existing.id, version: latest.version, created: false, ...sealedIn(definition, stored) };
        const version = (latest?.version ?? 0) + 1;
        await tx.workflow.update({
          where: { id: existing.id },
          data: { name: definition.name, versions: { create: { version, definition: asJson(stored) } } },
        });
        const saved = savedEvent("workflow.save", existing.id, slug, definition.name, version);
        await recordAudit(tx, caller, restoredFrom ? { ...saved, details: { ...saved.details, restoredFrom } } : saved);
        return { id: existing.id, version, created: false, ...sealedIn(definition, stored) };
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

const asJson = (definition: WorkflowDefinition) => definition as Prisma.InputJsonObject;

/** The stored definition, when sealing made it differ from what was given. */
const sealedIn = (given: WorkflowDefinition, stored: WorkflowDefinition) =>
  stored === given ? {} : { sealed: stored };

const savedEvent = (action: string, id: string, slug: string, name: string, version: number) => ({
  action,
  targetType: "workflow" as const,
  targetId: id,
  targetLabel: slug,
  details: { name, version },
});

/** How long a rotated webhook URL keeps working by default, so its senders can move to the new one. */
export const HOOK_GRACE_MS = 24 * 60 * 60 * 1000;
/**
 * A new webhook URL for the workflow: only a hash of its token is kept, so the URL can be shown
 * again only by issuing a new one. The old one keeps working for `graceMs` (0: it stops at once),
 * then answers 404; a URL replaced earlier stops now.
 */
export async function renewHookUrl(
  s: Services,
  caller: ApiCaller,
  slug: string,
  graceMs = HOOK_GRACE_MS,
): Promise<{ hookUrl: string; previousValidUntil: string | null }> {
  const { id, versions, hookTokenHash } = await findWorkflow(s.db, caller.workspaceId, slug);
  const definition = versions[0]?.definition as WorkflowDefinition | undefined;
  if (!definition || definition.trigger.type !== "webhook" || appTriggerOf(definition.trigger))
    throw new ApiError(409, "not_a_webhook", `Workflow "${slug}" is not started by a plain webhook.`);
  const hookToken = generateHookToken();
  const until = graceMs > 0 && hookTokenHash ? new Date(Date.now() + graceMs) : null;
  await s.db.$transaction(async (tx) => {
    await tx.workflow.update({
      where: { id },
      data: {
        hookTokenHash: hashToken(hookToken),
        previousHookTokenHash: until ? hookTokenHash : null,
        previousHookTokenUntil: until,
      },
    });
    await recordAudit(tx, caller, {
      action: "workflow.hook_renew",
      targetType: "workflow",
      targetId: id,
      targetLabel: slug,
    });
  });
  return { hookUrl: `/hooks/${hookToken}`, previousValidUntil: until?.toISOString() ?? null };
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

/**
 * Only a change is recorded. A disable stands whatever the trigger answers, so it is recorded
 * with the update; an enable the trigger cannot follow is undone (followTrigger throws), so an
 * enable is recorded once the trigger followed.
 */
export async function setWorkflowEnabled(
  s: Services,
  caller: ApiCaller,
  slug: string,
  enabled: boolean,
): Promise<WorkflowSummary> {
  const { id, enabled: was } = await findWorkflow(s.db, caller.workspaceId, slug);
  const record = (db: Pick<Db, "auditEntry">) =>
    was === enabled
      ? undefined
      : recordAudit(db, caller, {
          action: enabled ? "workflow.enable" : "workflow.disable",
          targetType: "workflow",
          targetId: id,
          targetLabel: slug,
        });
  await s.db.$transaction(async (tx) => {
    await tx.workflow.update({ where: { id }, data: { enabled } });
    if (!enabled) await record(tx);
  });
  await followTrigger(s, id);
  if (enabled) await record(s.db);
  return summary(await findWorkflow(s.db, caller.workspaceId, slug));
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
    case "unscheduled":
      throw new ApiError(
        409,
        "schedule_refused",
        `The workflow is saved but disabled: ${synced.reason}. Fix the schedule, then enable it.`,
      );
  }
}
