import { connectionsOverview } from "../../services/connections-overview";
import {
  addConnection,
  deleteConnection,
  getConnection,
  renameConnectionChecked,
  replaceCredentials,
  testConnection,
} from "../../services/connections";
import { startOAuth } from "../../services/oauth";
import { roleProcedure, router } from "../init";
import { connectionById, createInput, credentialsInput, renameInput, startOAuthInput } from "./connections.schema";

/** The connections page: the same services as REST's /connections; secrets go in, never out. */
export const connectionsRouter = router({
  list: roleProcedure("viewer").query(({ ctx }) => connectionsOverview(ctx.services, ctx.caller.workspaceId)),
  byId: roleProcedure("viewer")
    .input(connectionById)
    .query(({ ctx, input }) => getConnection(ctx.services, ctx.caller.workspaceId, input.id)),
  create: roleProcedure("editor")
    .input(createInput)
    .mutation(({ ctx, input }) => addConnection(ctx.services, ctx.caller, input)),
  /** Answers Switchyard's confirmation page, which the browser then opens on its way to the provider. */
  startOAuth: roleProcedure("editor")
    .input(startOAuthInput)
    .mutation(({ ctx, input: { connector, ...body } }) => startOAuth(ctx.services, ctx.caller, connector, body)),
  test: roleProcedure("editor")
    .input(connectionById)
    .mutation(({ ctx, input }) => testConnection(ctx.services, ctx.caller.workspaceId, input.id)),
  rename: roleProcedure("editor")
    .input(renameInput)
    .mutation(({ ctx, input }) => renameConnectionChecked(ctx.services, ctx.caller, input.id, input.name)),
  replaceCredentials: roleProcedure("editor")
    .input(credentialsInput)
    .mutation(({ ctx, input }) => replaceCredentials(ctx.services, ctx.caller, input.id, input.credentials)),
  remove: roleProcedure("editor")
    .input(connectionById)
    .mutation(({ ctx, input }) => deleteConnection(ctx.services, ctx.caller, input.id)),
});
