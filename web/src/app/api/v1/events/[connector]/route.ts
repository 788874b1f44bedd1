import { services } from "~/server/context";
import { handle } from "~/server/http/errors";
import { receiveEvent } from "~/server/services/events";

export const POST = handle(async (request: Request, { params }: { params: Promise<{ connector: string }> }) =>
  receiveEvent(services(), (await params).connector, request),
);
