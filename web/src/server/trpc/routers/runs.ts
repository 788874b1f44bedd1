import { z } from "zod";
import { cancelRunById, getRun, listRuns, listRunsQuery, rerunBody, rerunRun } from "../../services/runs";
import { roleProcedure, router } from "../init";

const byId = z.object({ id: z.string().min(1) });

export const runsRouter = router({
  byId: roleProcedure("viewer")
    .input(byId)
    .query(({ ctx, input }) => getRun(ctx.services.db, ctx.caller.workspaceId, input.id)),
  list: roleProcedure("viewer")
    .input(listRunsQuery)
    .query(({ ctx, input }) => listRuns(ctx.services.db, ctx.caller.workspaceId, input)),
  cancel: roleProcedure("editor")
    .input(byId)
    .mutation(({ ctx, input }) => cancelRunById(ctx.services, ctx.caller.workspaceId, input.id)),
  rerun: roleProcedure("editor")
    .input(byId.extend(rerunBody.shape))
    .mutation(({ ctx, input: { id, ...body } }) =>
      rerunRun(ctx.services, ctx.caller.workspaceId, id, body, ctx.caller.member?.id ?? null),
    ),
});
