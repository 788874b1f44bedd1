import type { Db } from "@switchyard/db";
import { z } from "zod";
import { slugFromName } from "~/lib/workflows/definition-file";
import { TEMPLATES } from "~/lib/workflows/templates";
import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { ApiError } from "../http/errors";
import { checkInput } from "../http/input-policy";
import { parseYamlBody } from "../http/yaml";
import { applyWorkflow, parseDefinition, slugSchema, type ApplyResult } from "./workflows";

/** A definition's file as text: JSON when it starts with `{`, else YAML. */
export function parseDefinitionText(text: string): unknown {
  if (!text.trim())
    throw new ApiError(
      400,
      "invalid_input",
      "Nothing to import: paste or choose a workflow definition (JSON or YAML).",
    );
  if (!/^\s*[{[]/.test(text)) return checkInput(parseYamlBody(text));
  try {
    return checkInput(JSON.parse(text) as unknown);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(400, "invalid_json", `Not valid JSON: ${(err as Error).message}`);
  }
}

export const importBody = z
  .object({
    text: z.string(),
    /** Defaults to one made from the definition's name. */
    slug: slugSchema.optional(),
  })
  .strict();

export type CreatedWorkflow = ApplyResult & { slug: string };

async function taken(db: Db, workspaceId: string, slug: string): Promise<boolean> {
  return !!(await db.workflow.findUnique({ where: { workspaceId_slug: { workspaceId, slug } }, select: { id: true } }));
}

/** The name's slug, or the first free one after it ("announce-a-release-2"…). */
async function freeSlug(db: Db, workspaceId: string, name: string): Promise<string> {
  const base = slugFromName(name).slice(0, 60).replace(/-+$/, "");
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await taken(db, workspaceId, slug))) return slug;
  }
}

/**
 * Creates a workflow, disabled, from a definition: nothing runs until someone enables it.
 * Errors carry every problem with its JSON path (parseDefinition), and nothing is written.
 */
async function createDisabled(s: Services, caller: ApiCaller, definition: unknown, slug?: string) {
  const parsed = parseDefinition(s, definition);
  if (slug !== undefined && (await taken(s.db, caller.workspaceId, slug)))
    throw new ApiError(409, "workflow_exists", `A workflow "${slug}" exists already; choose another slug.`);
  const target = slug ?? (await freeSlug(s.db, caller.workspaceId, parsed.name));
  return { ...(await applyWorkflow(s, caller, target, parsed, { enabled: false })), slug: target };
}

/** Import: a JSON or YAML definition becomes a new, disabled workflow. */
export function importWorkflow(s: Services, caller: ApiCaller, { text, slug }: z.infer<typeof importBody>) {
  return createDisabled(s, caller, parseDefinitionText(text), slug);
}

export const templateBody = z
  .object({ template: z.enum(TEMPLATES.map((t) => t.id) as [string, ...string[]]) })
  .strict();

/** A template becomes a new, disabled workflow, under a slug made from its name. */
export function createFromTemplate(s: Services, caller: ApiCaller, { template }: z.infer<typeof templateBody>) {
  return createDisabled(s, caller, TEMPLATES.find((t) => t.id === template)!.definition);
}
