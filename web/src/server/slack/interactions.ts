import { requireSigningSecret, verifySlackRequest } from "@switchyard/connectors";
import type { Services } from "../context";
import { readLimitedBody } from "../http/body";
import { ApiError } from "../http/errors";
import { engineDeps } from "../services/engine-deps";
import { createSlackApp } from "./app";

// One Bolt app per server process; survives Next's dev-mode module reloads, like the services.
const g = globalThis as { __switchyardSlackApp?: ReturnType<typeof createSlackApp> };
const slackApp = (s: Services) => (g.__switchyardSlackApp ??= createSlackApp(engineDeps(s)));

/** The app's signing secret (SWITCHYARD_OAUTH_CLIENTS' slack.signingSecret); without it nothing can be trusted. */
function signingSecret(s: Services): string {
  try {
    return requireSigningSecret(s.oauth.clients.slack);
  } catch (err) {
    s.logger.error("Slack interaction refused: no signing secret configured", { variable: "SWITCHYARD_OAUTH_CLIENTS" });
    throw new ApiError(503, "not_configured", (err as Error).message);
  }
}

/**
 * `POST /api/slack/interactions`: a click or modal submission from Slack. Signed by the Slack
 * app (401 otherwise, and for a timestamp over 5 minutes off), answered as soon as the listener
 * acknowledges; the decision is taken after the answer.
 */
export async function receiveSlackInteraction(s: Services, request: Request): Promise<Response> {
  const body = new TextDecoder().decode(await readLimitedBody(request, s.webhookMaxBytes));
  try {
    verifySlackRequest(signingSecret(s), Object.fromEntries(request.headers), body);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(401, "invalid_signature", (err as Error).message);
  }
  // Interactions come form-encoded, the JSON in `payload`.
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(new URLSearchParams(body).get("payload") ?? "") as Record<string, unknown>;
  } catch {
    throw new ApiError(400, "invalid_payload", "A Slack interaction carries its JSON in the form field payload.");
  }
  return slackApp(s).receiver.respond(payload, (err) =>
    s.logger.error("Slack interaction failed after its answer", { error: (err as Error).message }),
  );
}
