import type { Db } from "@switchyard/db";
import { ancestors, checkInput, type WorkflowDefinition } from "@switchyard/workflows/definition";
import { z } from "zod";
import type { Services } from "../context";
import { ApiError } from "../http/errors";
import { sampleOutputsOf } from "./sample-data";
import { acceptRequestedRun } from "./start-run";

const stepId = z.string().min(1, "a step id");

/**
 * A run asked for: its input; test mode (each step with side effects waits for approval first);
 * `upTo` a step (it and its ancestors run), or `only` a step (it runs alone; its ancestors'
 * outputs come from `sampleOutputs`, else from their last successful run).
 */
export const startRunBody = z
  .object({
    input: z.unknown().optional(),
    testMode: z.boolean().optional(),
    upTo: stepId.optional(),
    only: stepId.optional(),
    sampleOutputs: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type StartRunBody = z.infer<typeof startRunBody>;

async function latestVersionOf(db: Db, workspaceId: string, slug: string) {
  const workflow = await db.workflow.findUnique({
    where: { workspaceId_slug: { workspaceId, slug } },
    select: {
      id: true,
      enabled: true,
      versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, definition: true } },
    },
  });
  if (!workflow) throw new ApiError(404, "not_found", `No workflow "${slug}" in this workspace.`);
  const version = workflow.versions[0];
  if (!version) throw new ApiError(409, "no_version", `Workflow "${slug}" has no version to run.`);
  const { steps, trigger } = version.definition as WorkflowDefinition;
  return { ...workflow, version, steps, trigger };
}

function checkStep(steps: WorkflowDefinition["steps"], id: string, field: "upTo" | "only"): void {
  if (!steps.some((s) => s.id === id))
    throw new ApiError(
      400,
      "unknown_step",
      `${field}: "${id}" is not a step of the latest version; its steps are: ${steps.map((s) => s.id).join(", ")}.`,
    );
}

/** For `only`: every ancestor's output, given or from its last success; 400 naming those that have none. */
async function outputsForOnly(
  db: Db,
  workflowId: string,
  steps: WorkflowDefinition["steps"],
  only: string,
  given: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const needed = ancestors(steps, only);
  const stray = Object.keys(given).filter((id) => !needed.has(id));
  if (stray.length)
    throw new ApiError(
      400,
      "invalid_sample_outputs",
      `sampleOutputs: ${stray.join(", ")} ${stray.length === 1 ? "is not a step" : "are not steps"} that "${only}" depends on.`,
    );
  const recorded = await sampleOutputsOf(db, workflowId);
  const outputs = Object.fromEntries(
    [...needed].flatMap((id) => {
      if (Object.hasOwn(given, id)) return [[id, given[id]]];
      return Object.hasOwn(recorded, id) ? [[id, recorded[id]]] : [];
    }),
  );
  const missing = [...needed].filter((id) => !Object.hasOwn(outputs, id));
  if (missing.length)
    throw new ApiError(
      400,
      "missing_sample_outputs",
      `Running "${only}" alone takes an output of every step it depends on; none is given or recorded for ${missing.join(", ")}. ` +
        `Give them in sampleOutputs, or run up to "${only}" instead.`,
      { missing },
    );
  return outputs;
}

/**
 * The input a manual trigger's schema takes, with the schema's defaults filled in; 400
 * `invalid_input` naming every bad field otherwise. No input is taken as `{}`, so an object
 * schema's defaults fill it and its required fields are named.
 */
export function checkedInput(schema: Record<string, unknown>, input: unknown): unknown {
  const result = checkInput(schema, input === undefined ? {} : input);
  if (result.ok) return result.value;
  const listed = result.errors.map((e) => `${e.path || "(the input)"} ${e.message}`).join("; ");
  throw new ApiError(
    400,
    "invalid_input",
    `The input does not match the workflow's input schema: ${listed}${result.omitted ? `; and ${result.omitted} more` : ""}.`,
    { errors: result.errors, ...(result.omitted ? { omitted: result.omitted } : {}) },
  );
}

const inputFor = (trigger: WorkflowDefinition["trigger"], input: unknown): unknown =>
  trigger.type === "manual" && trigger.input ? checkedInput(trigger.input, input) : (input ?? null);

/**
 * `POST /workflows/<slug>/runs`: an `api` event with `{body: input}`, and a run pinned to the latest
 * version, started by the token's member (whom a checkpoint's self-approval rule then refuses).
 * A disabled workflow takes test runs (test mode, `upTo`, `only`) only: it is being tried out.
 */
export async function startWorkflowRun(
  s: Services,
  workspaceId: string,
  slug: string,
  { input, testMode = false, upTo, only, sampleOutputs }: StartRunBody,
  startedById: string | null,
): Promise<{ runId: string }> {
  if (upTo !== undefined && only !== undefined)
    throw new ApiError(400, "invalid_input", "Give upTo or only, not both.");
  if (sampleOutputs !== undefined && only === undefined)
    throw new ApiError(
      400,
      "invalid_input",
      "sampleOutputs go with only: the outputs that step's ancestors stand in for.",
    );
  const workflow = await latestVersionOf(s.db, workspaceId, slug);
  const partial = upTo ?? only;
  if (!workflow.enabled && !testMode && partial === undefined)
    throw new ApiError(
      409,
      "workflow_disabled",
      `Workflow "${slug}" is disabled; enable it to start runs, or start a test run.`,
    );
  if (partial !== undefined) checkStep(workflow.steps, partial, upTo !== undefined ? "upTo" : "only");
  const body = inputFor(workflow.trigger, input);
  const reuse =
    only === undefined ? undefined : await outputsForOnly(s.db, workflow.id, workflow.steps, only, sampleOutputs);
  return acceptRequestedRun(s, {
    workspaceId,
    workflowId: workflow.id,
    version: workflow.version,
    source: "api",
    event: { source: "api", payload: { body } },
    startedById,
    testMode,
    ...(partial !== undefined ? { upTo: partial } : {}),
    ...(reuse ? { reuse } : {}),
  });
}
