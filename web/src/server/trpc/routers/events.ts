import { getEvent, listEvents } from "../../services/event-history";
import { eventById, listEventsQuery } from "../../services/event-history.schema";
import { replayEvent } from "../../services/event-replay";
import { roleProcedure, router } from "../init";

export const eventsRouter = router({
  list: roleProcedure("viewer")
    .input(listEventsQuery)
    .query(({ ctx, input }) => listEvents(ctx.services.db, ctx.caller.workspaceId, input)),
  byId: roleProcedure("viewer")
    .input(eventById)
    .query(({ ctx, input }) => getEvent(ctx.services.db, ctx.caller.workspaceId, input.id)),
  replay: roleProcedure("editor")
    .input(eventById)
    .mutation(({ ctx, input }) => replayEvent(ctx.services, ctx.caller, input.id)),
});
