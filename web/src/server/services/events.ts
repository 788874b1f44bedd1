import { receiveAppEvent } from "@switchyard/workflows/engine";
import type { Services } from "../context";
import { readLimitedBody } from "../http/body";
import { ApiError } from "../http/errors";
import { checkDelivery } from "../http/input-policy";
import { asSentence } from "../http/text";
import { engineDeps } from "./engine-deps";
import { eventLimits, eventTooLarge } from "./start-run";

/**
 * `POST /api/v1/events/<connector>`: a provider's app-level event delivery
 * (Slack's Events API Request URL). Authenticated by the app's signature, not
 * by an API token; answered fast, since providers redeliver slow answers.
 */
export async function receiveEvent(s: Services, connector: string, request: Request): Promise<Response> {
  const body = new TextDecoder().decode(await readLimitedBody(request, s.webhookMaxBytes));
  checkDelivery(body);
  const outcome = await receiveAppEvent(
    engineDeps(s),
    connector,
    { headers: Object.fromEntries(request.headers), body },
    eventLimits(s),
  );
  switch (outcome.status) {
    case "unknown_connector":
      throw new ApiError(404, "not_found", `No connector "${connector}" receives app events.`);
    case "refused":
      throw new ApiError(401, "invalid_signature", outcome.reason);
    case "challenge":
      return new Response(outcome.challenge, { headers: { "content-type": "text/plain" } });
    // The engine started the runs stored before a failure too; a redelivery finds their items seen.
    case "unavailable":
      throw new ApiError(503, "try_again", asSentence(outcome.reason));
    case "too_large":
      throw eventTooLarge(outcome.error, "what a workflow's trigger reads from the delivery");
    case "accepted":
      return Response.json({ runs: outcome.runs });
  }
}
