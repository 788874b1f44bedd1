import { z } from "zod";
import { getRun } from "../../services/runs";
import { router, workspaceProcedure } from "../init";

export const runsRouter = router({
  byId: workspaceProcedure.input(z.object({ id: z.string().min(1) })).query(({ ctx, input }) => getRun(ctx.services.db, ctx.caller.workspaceId, input.id)),
});
