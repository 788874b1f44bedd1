import type { Db, Prisma } from "@switchyard/db";
import { z } from "zod";
import type { ApiCaller } from "../auth/api-token";
import { ApiError } from "../http/errors";
import { recordAudit } from "./audit";
import { workflowIdOf } from "./workflows";

/**
 * Sample data to try a workflow with: what people pinned, and where they pinned nothing, the
 * workflow's latest real data (the last run's trigger input, each step's last successful output).
 */
export interface SampleData {
  /** The pinned trigger body, else the last run's (`{body}` of an API run), or null without runs. */
  trigger: unknown;
  outputs: Record<string, unknown>;
  /** Which of them were pinned rather than taken from runs. */
  pinned: { trigger: boolean; outputs: string[] };
}

/** Stored in Workflow.sampleData; the input policy already bounds its depth and size. */
export const pinnedSamples = z
  .object({ trigger: z.unknown().optional(), outputs: z.record(z.string(), z.unknown()).optional() })
  .strict();
export type PinnedSamples = z.infer<typeof pinnedSamples>;

/** The stored column as samples; anything unreadable counts as nothing pinned. */
export const pinnedOf = (stored: unknown): PinnedSamples => pinnedSamples.catch({}).parse(stored ?? {});

/** What a test run sends as input: the body of a webhook's or API run's payload, else the payload itself. */
const bodyOf = (payload: unknown): unknown =>
  payload && typeof payload === "object" && "body" in payload ? payload.body : (payload ?? null);

/** Per step id, the output of its latest successful run in this workflow (reused ones included). */
export async function sampleOutputsOf(db: Db, workflowId: string): Promise<Record<string, unknown>> {
  const rows = await db.$queryRaw<{ stepId: string; output: unknown }[]>`
    SELECT DISTINCT ON (s."stepId") s."stepId", s.output
    FROM "StepRun" s JOIN "Run" r ON r.id = s."runId"
    WHERE r."workflowId" = ${workflowId} AND s.status = 'succeeded' AND s.output IS NOT NULL
    ORDER BY s."stepId", s."endedAt" DESC NULLS LAST, r."createdAt" DESC`;
  return Object.fromEntries(rows.map((r) => [r.stepId, r.output]));
}

export async function sampleDataOf(db: Db, workspaceId: string, slug: string): Promise<SampleData> {
  const workflow = await db.workflow.findUnique({
    where: { workspaceId_slug: { workspaceId, slug } },
    select: {
      id: true,
      sampleData: true,
      runs: { orderBy: { createdAt: "desc" }, take: 1, select: { event: { select: { payload: true } } } },
    },
  });
  if (!workflow) throw new ApiError(404, "not_found", `No workflow "${slug}" in this workspace.`);
  const pinned = pinnedOf(workflow.sampleData);
  const lastTrigger = bodyOf(workflow.runs[0]?.event?.payload);
  return {
    trigger: "trigger" in pinned ? pinned.trigger : lastTrigger,
    outputs: { ...(await sampleOutputsOf(db, workflow.id)), ...pinned.outputs },
    pinned: { trigger: "trigger" in pinned, outputs: Object.keys(pinned.outputs ?? {}) },
  };
}

/** Replaces what is pinned (an empty object unpins everything); the latest real data shows through again. */
export async function pinSampleData(db: Db, caller: ApiCaller, slug: string, samples: PinnedSamples): Promise<void> {
  const id = await workflowIdOf(db, caller.workspaceId, slug);
  await db.$transaction(async (tx) => {
    await tx.workflow.update({ where: { id }, data: { sampleData: samples as Prisma.InputJsonValue } });
    await recordAudit(tx, caller, {
      action: "workflow.samples",
      targetType: "workflow",
      targetId: id,
      targetLabel: slug,
      details: { trigger: "trigger" in samples, outputs: Object.keys(samples.outputs ?? {}) },
    });
  });
}

/** Pins a run's trigger body and its steps' successful outputs as the workflow's samples. */
export async function pinRunAsSamples(db: Db, caller: ApiCaller, runId: string): Promise<{ slug: string }> {
  const run = await db.run.findFirst({
    where: { id: runId, workspaceId: caller.workspaceId },
    select: {
      workflow: { select: { slug: true } },
      event: { select: { payload: true } },
      steps: { where: { status: "succeeded" }, select: { stepId: true, output: true } },
    },
  });
  if (!run) throw new ApiError(404, "not_found", `No run ${runId} in this workspace.`);
  const trigger = bodyOf(run.event?.payload);
  const outputs = Object.fromEntries(run.steps.map((s) => [s.stepId, s.output]));
  await pinSampleData(db, caller, run.workflow.slug, { trigger, outputs });
  return { slug: run.workflow.slug };
}
