import { decideApproval, getApproval, listApprovals } from "../../services/approvals";
import { listApprovalsQuery } from "../../services/approvals.schema";
import { roleProcedure, router } from "../init";
import { approvalById, decideInput } from "./approvals.schema";

/** The inbox: the same service as REST; a decision made here is recorded with the channel "web". */
export const approvalsRouter = router({
  list: roleProcedure("approver")
    .input(listApprovalsQuery)
    .query(({ ctx, input }) => listApprovals(ctx.services.db, ctx.caller, input)),
  byId: roleProcedure("approver")
    .input(approvalById)
    .query(({ ctx, input }) => getApproval(ctx.services.db, ctx.caller, input.id)),
  decide: roleProcedure("approver")
    .input(decideInput)
    .mutation(({ ctx, input: { id, ...body } }) => decideApproval(ctx.services, ctx.caller, id, body, "web")),
});
