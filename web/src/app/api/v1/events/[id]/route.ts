import { services } from "~/server/context";
import { handle } from "~/server/http/errors";
import { getEvent } from "~/server/services/event-history";
import { receiveEvent } from "~/server/services/events";
import { apiRoute } from "../../_lib/route";

// One dynamic segment serves two resources (Next allows one per level): a stored event by id
// (GET), and a connector's app-event delivery endpoint (POST /api/v1/events/<connector>).
type Params = { id: string };

/** The event with its whole body. */
export const GET = apiRoute<Params>("viewer", async ({ caller, params, s }) =>
  Response.json(await getEvent(s.db, caller.workspaceId, params.id)),
);

/** A provider's app-event delivery, authenticated by its signature: the segment names the connector. */
export const POST = handle(async (request: Request, { params }: { params: Promise<Params> }) =>
  receiveEvent(services(), (await params).id, request),
);
