import { getLiveRunDetail, getStepDetail, getStepPayload } from "../../services/run-detail";
import { cancelRunById, getRun, listRuns, listRunsQuery, rerunRun } from "../../services/runs";
import { roleProcedure, router } from "../init";
import { rerunInput, runById, stepOfRun, stepPayloadInput } from "./runs.schema";

export const runsRouter = router({
  byId: roleProcedure("viewer")
    .input(runById)
    .query(({ ctx, input }) => getRun(ctx.services.db, ctx.caller.workspaceId, input.id)),
  /** The run screen's view, polled while the run goes on: every step's state, without inputs and outputs. */
  detail: roleProcedure("viewer")
    .input(runById)
    .query(({ ctx, input }) => getLiveRunDetail(ctx.services, ctx.caller.workspaceId, input.id)),
  /** One step's input and output; each too large to send with it comes as its size only. */
  step: roleProcedure("viewer")
    .input(stepOfRun)
    .query(({ ctx, input }) => getStepDetail(ctx.services.db, ctx.caller.workspaceId, input.runId, input.stepId)),
  /** One step's whole input or output, however large. */
  stepPayload: roleProcedure("viewer")
    .input(stepPayloadInput)
    .query(({ ctx, input }) =>
      getStepPayload(ctx.services.db, ctx.caller.workspaceId, input.runId, input.stepId, input.part),
    ),
  list: roleProcedure("viewer")
    .input(listRunsQuery)
    .query(({ ctx, input }) => listRuns(ctx.services.db, ctx.caller.workspaceId, input)),
  cancel: roleProcedure("editor")
    .input(runById)
    .mutation(({ ctx, input }) => cancelRunById(ctx.services, ctx.caller.workspaceId, input.id)),
  rerun: roleProcedure("editor")
    .input(rerunInput)
    .mutation(({ ctx, input: { id, ...body } }) =>
      rerunRun(ctx.services, ctx.caller.workspaceId, id, body, ctx.caller.member?.id ?? null),
    ),
});
