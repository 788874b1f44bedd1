import { sessionCaller } from "../../auth/session-caller";
import { acceptInvitation, findInvitation } from "../../services/invitation-accept";
import { leaveWorkspace } from "../../services/members";
import { createWorkspace, listMyWorkspaces } from "../../services/workspaces";
import { createWorkspaceInput, invitationTokenInput, leaveWorkspaceInput } from "./workspaces.schema";
import { router, userProcedure } from "../init";

export const workspacesRouter = router({
  mine: userProcedure.query(({ ctx }) => listMyWorkspaces(ctx.services.db, ctx.userId)),
  create: userProcedure
    .input(createWorkspaceInput)
    .mutation(({ ctx, input }) => createWorkspace(ctx.services.db, ctx.userId, input)),
  /** What an invitation link offers the signed-in person (the /invite/<token> page). */
  invitation: userProcedure
    .input(invitationTokenInput)
    .query(({ ctx, input }) => findInvitation(ctx.services.db, ctx.userId, input.token)),
  acceptInvitation: userProcedure
    .input(invitationTokenInput)
    .mutation(({ ctx, input }) => acceptInvitation(ctx.services.db, ctx.userId, input.token)),
  /** Any member may leave, whatever their role (approver and viewer have no minimum in common). */
  leave: userProcedure
    .input(leaveWorkspaceInput)
    .mutation(async ({ ctx, input }) =>
      leaveWorkspace(ctx.services.db, await sessionCaller(ctx.services.db, ctx.userId, input.workspace)),
    ),
});
