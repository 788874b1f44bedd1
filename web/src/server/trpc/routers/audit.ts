import { auditActions, listAudit } from "../../services/audit-log";
import { roleProcedure, router } from "../init";
import { auditQuery } from "./audit.schema";

/** Who changed what: admins and owners read it, as through GET /api/v1/audit. */
export const auditRouter = router({
  list: roleProcedure("admin")
    .input(auditQuery)
    .query(({ ctx, input }) => listAudit(ctx.services.db, ctx.caller.workspaceId, input)),
  actions: roleProcedure("admin").query(({ ctx }) => auditActions(ctx.services.db, ctx.caller.workspaceId)),
});
