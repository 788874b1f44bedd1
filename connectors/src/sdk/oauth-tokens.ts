import { z } from "zod";
import { HttpError } from "./errors";
import type { HttpClient } from "./http/client";
import type { ConnectedAccount, OAuth2Auth } from "./auth";
import type { OAuthClient } from "./oauth-config";

/** What an OAuth2 connection stores (see credentialSchemas.oauth2). */
export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: number;
  scope?: string;
}

export type TokenGrant =
  | { grant_type: "authorization_code"; code: string; redirect_uri: string; code_verifier: string }
  | { grant_type: "refresh_token"; refresh_token: string }
  | ReturnType<NonNullable<OAuth2Auth["upgradeGrant"]>>;

/** The token endpoint said no (`refused`), or could not be used (unreachable, nonsense answer). */
export class TokenEndpointError extends Error {
  override name = "TokenEndpointError";
  constructor(
    message: string,
    readonly refused: boolean,
  ) {
    super(message);
  }
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.coerce.number().positive().optional(),
  scope: z.string().optional(),
});

/** Providers answer JSON, or form-encoded (GitHub's default). */
function parseAnswer(text: string): Record<string, unknown> {
  try {
    return (JSON.parse(text) ?? {}) as Record<string, unknown>;
  } catch {
    return Object.fromEntries(new URLSearchParams(text));
  }
}

const describeRefusal = (status: number, body: Record<string, unknown>) =>
  [
    `HTTP ${status}`,
    ...[body.error, body.error_description].filter((x): x is string => typeof x === "string" && !!x),
  ].join(": ");

/** RFC 6749 §2.3.1: both parts form-encoded before they are joined for Basic. */
const basicCredentials = (client: OAuthClient) => {
  const pair = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`;
  return `Basic ${Buffer.from(pair).toString("base64")}`;
};

/** One token request (code exchange or refresh), shared by the web's callback and the worker's refresh. */
export async function requestTokens(
  http: HttpClient,
  auth: OAuth2Auth,
  client: OAuthClient,
  grant: TokenGrant,
): Promise<OAuthTokens & { account?: ConnectedAccount }> {
  let status: number;
  let body: Record<string, unknown>;
  const basic = auth.clientAuth === "basic";
  // With Basic, client_id stays in the body too: public-client flows and some providers (X) want both.
  const form = new URLSearchParams({
    ...grant,
    client_id: client.clientId,
    ...(basic ? {} : { client_secret: client.clientSecret }),
  });
  try {
    const res = await http.request<Buffer>({
      method: "POST",
      url: client.tokenUrl ?? auth.tokenUrl,
      body: form.toString(),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        ...(basic ? { authorization: basicCredentials(client) } : {}),
      },
      as: "bytes",
      retries: 0,
      timeoutMs: 15_000,
    });
    status = res.status;
    body = parseAnswer(res.body.toString("utf8"));
  } catch (err) {
    if (err instanceof HttpError && err.status < 500)
      throw new TokenEndpointError(describeRefusal(err.status, parseAnswer(err.body)), true);
    throw new TokenEndpointError(`the token endpoint could not be reached: ${(err as Error).message}`, false);
  }
  // Slack answers 200 with {ok: false, error}.
  if (body.ok === false || typeof body.error === "string")
    throw new TokenEndpointError(describeRefusal(status, body), true);
  const t = tokenResponse.safeParse(body);
  if (!t.success) throw new TokenEndpointError("the token endpoint answered without an access_token", false);
  const account = auth.accountOf?.(body);
  return {
    accessToken: t.data.access_token,
    ...(t.data.refresh_token ? { refreshToken: t.data.refresh_token } : {}),
    ...(t.data.expires_in ? { expiresAt: Date.now() + t.data.expires_in * 1000 } : {}),
    ...(t.data.scope ? { scope: t.data.scope } : {}),
    ...(account ? { account } : {}),
  };
}
