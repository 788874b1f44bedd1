import { z } from "zod";
import { checkpointStats } from "../../services/checkpoint-stats";
import { checkpointStatsQuery } from "../../services/checkpoint-stats.schema";
import { pageQuery } from "../../services/pagination";
import {
  applyWorkflow,
  getWorkflow,
  listWorkflows,
  setWorkflowEnabled,
  startRunBody,
  startWorkflowRun,
} from "../../services/workflows";
import { roleProcedure, router } from "../init";

const bySlug = z.object({ slug: z.string().min(1) });

export const workflowsRouter = router({
  list: roleProcedure("viewer")
    .input(pageQuery)
    .query(({ ctx, input }) => listWorkflows(ctx.services.db, ctx.caller.workspaceId, input)),
  bySlug: roleProcedure("viewer")
    .input(bySlug)
    .query(({ ctx, input }) => getWorkflow(ctx.services.db, ctx.caller.workspaceId, input.slug)),
  /** The definition is validated by the same code as REST, so errors carry the same JSON paths. */
  upsert: roleProcedure("editor")
    .input(bySlug.extend({ definition: z.unknown() }))
    .mutation(({ ctx, input }) => applyWorkflow(ctx.services, ctx.caller.workspaceId, input.slug, input.definition)),
  setEnabled: roleProcedure("editor")
    .input(bySlug.extend({ enabled: z.boolean() }))
    .mutation(({ ctx, input }) => setWorkflowEnabled(ctx.services, ctx.caller.workspaceId, input.slug, input.enabled)),
  /** Per checkpoint: how people decided it, and whether it is ready to automate (as REST's /checkpoints). */
  checkpoints: roleProcedure("viewer")
    .input(bySlug.extend(checkpointStatsQuery.shape))
    .query(({ ctx, input: { slug, ...query } }) =>
      checkpointStats(ctx.services.db, ctx.caller.workspaceId, slug, query),
    ),
  startRun: roleProcedure("editor")
    .input(bySlug.extend(startRunBody.shape))
    .mutation(({ ctx, input: { slug, ...body } }) =>
      startWorkflowRun(ctx.services, ctx.caller.workspaceId, slug, body, ctx.caller.member?.id ?? null),
    ),
});
