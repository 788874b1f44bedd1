import { countUnreadAlerts, listAlerts, markAlertsRead } from "../../services/alerts";
import { roleProcedure, router } from "../init";
import { alertsQuery, markReadInput } from "./alerts.schema";

/**
 * The alert feed. Marking read is open to viewers too: it acknowledges an alert for the
 * workspace (the alert stays in the feed) and changes no workflow, connection or run.
 */
export const alertsRouter = router({
  list: roleProcedure("viewer")
    .input(alertsQuery)
    .query(({ ctx, input }) => listAlerts(ctx.services.db, ctx.caller.workspaceId, input)),
  unreadCount: roleProcedure("viewer").query(({ ctx }) => countUnreadAlerts(ctx.services.db, ctx.caller.workspaceId)),
  markRead: roleProcedure("editor")
    .input(markReadInput)
    .mutation(({ ctx, input }) => markAlertsRead(ctx.services.db, ctx.caller.workspaceId, input.ids)),
  markAllRead: roleProcedure("editor").mutation(({ ctx }) =>
    markAlertsRead(ctx.services.db, ctx.caller.workspaceId, undefined),
  ),
});
