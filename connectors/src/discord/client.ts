import type { ConnectionHandle } from "../sdk/define";
import { HttpError, NonRetryableError, scrubSecrets } from "../sdk/errors";
import type { HttpClient } from "../sdk/http/client";

interface DiscordError {
  message?: string;
  /** Per-field problems of a 400 "Invalid Form Body". */
  errors?: unknown;
}

/**
 * The webhook token, the last segment of the stored URL. Errors quote the URL
 * they hit, whose host may differ from the stored one (discordapp.com, a
 * configured base URL), so the bound client's scrub of the whole URL can miss it.
 */
const webhookToken = (connection?: ConnectionHandle) =>
  String(connection?.credentials.webhookUrl ?? "")
    .split("/")
    .pop() ?? "";

/**
 * POSTs to the connection's webhook (the auth puts its
 * /api/webhooks/<id>/<token> path on the URL), with errors a person can act on.
 */
export async function executeWebhook<T>(
  { http, connection }: { http: HttpClient; connection?: ConnectionHandle },
  url: string,
  body: unknown,
): Promise<T> {
  try {
    return (await http.request<T>({ method: "POST", url, body })).body;
  } catch (err) {
    if (err instanceof HttpError) {
      const reply = err.json<DiscordError>() ?? {};
      const said = reply.message ?? `HTTP ${err.status}`;
      if (err.status === 401 || err.status === 404)
        throw new NonRetryableError(
          `Discord rejected the webhook (${said}, HTTP ${err.status}); it was deleted or its URL is wrong: ` +
            "update the connection with the channel's current webhook URL",
        );
      if (err.status === 400)
        throw new NonRetryableError(
          `Discord refused the message: ${said}${reply.errors ? ` ${JSON.stringify(reply.errors)}` : ""}`,
        );
    }
    throw scrubSecrets(err, [webhookToken(connection)]);
  }
}
