import { invitationDeps } from "../../app-mail";
import { getAlertSettings, updateAlertSettings } from "../../services/alert-settings";
import { createInvitation, listInvitations, revokeInvitation } from "../../services/invitations";
import { changeMemberRole, listMembers, removeMember } from "../../services/members";
import { createToken, listTokens, revokeToken } from "../../services/tokens";
import { roleProcedure, router } from "../init";
import {
  alertSettingsInput,
  createTokenInput,
  invitationIdInput,
  inviteInput,
  memberInput,
  memberRoleInput,
  pageQuery,
  tokenIdInput,
} from "./settings.schema";

/** The workspace's settings screens: members, invitations, API tokens and where alerts go. */
export const settingsRouter = router({
  members: roleProcedure("viewer").query(({ ctx }) => listMembers(ctx.services.db, ctx.caller.workspaceId)),
  setRole: roleProcedure("admin")
    .input(memberRoleInput)
    .mutation(({ ctx, input }) => changeMemberRole(ctx.services.db, ctx.caller, input.userId, input.role)),
  removeMember: roleProcedure("admin")
    .input(memberInput)
    .mutation(({ ctx, input }) => removeMember(ctx.services.db, ctx.caller, input.userId)),

  invitations: roleProcedure("admin").query(({ ctx }) => listInvitations(ctx.services.db, ctx.caller.workspaceId)),
  invite: roleProcedure("admin")
    .input(inviteInput)
    .mutation(({ ctx, input }) => createInvitation(invitationDeps(ctx.services), ctx.caller, input)),
  revokeInvitation: roleProcedure("admin")
    .input(invitationIdInput)
    .mutation(({ ctx, input }) => revokeInvitation(ctx.services.db, ctx.caller, input.id)),

  tokens: roleProcedure("admin")
    .input(pageQuery)
    .query(({ ctx, input }) => listTokens(ctx.services, ctx.caller.workspaceId, input)),
  createToken: roleProcedure("admin")
    .input(createTokenInput)
    .mutation(({ ctx, input }) => createToken(ctx.services, ctx.caller, input)),
  revokeToken: roleProcedure("admin")
    .input(tokenIdInput)
    .mutation(({ ctx, input }) => revokeToken(ctx.services, ctx.caller, input.id)),

  alerts: roleProcedure("viewer").query(({ ctx }) => getAlertSettings(ctx.services.db, ctx.caller.workspaceId)),
  updateAlerts: roleProcedure("admin")
    .input(alertSettingsInput)
    .mutation(({ ctx, input }) => updateAlertSettings(ctx.services.db, ctx.caller, input)),
});
