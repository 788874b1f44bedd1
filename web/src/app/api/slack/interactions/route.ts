import { services } from "~/server/context";
import { handle } from "~/server/http/errors";
import { receiveSlackInteraction } from "~/server/slack/interactions";

export const POST = handle(async (request: Request) => receiveSlackInteraction(services(), request));
