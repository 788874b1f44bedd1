import { applyAuth, type AuthDefinition } from "../auth";
import { scrubSecrets } from "../errors";
import type { HttpClient, HttpRequest } from "./client";

export interface Binding {
  /** The API's base URL, from config (so tests and self-hosted APIs can point elsewhere). */
  baseUrl: string;
  auth: AuthDefinition;
  credentials: Record<string, unknown>;
}

/** The shared client bound to one connection: relative URLs resolve against the base URL, and auth is added. */
export function bindHttpClient(client: HttpClient, { baseUrl, auth, credentials }: Binding): HttpClient {
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  const secrets = Object.values(credentials).filter((v): v is string => typeof v === "string");
  return {
    async request(req: HttpRequest) {
      const url = new URL(req.url.replace(/^\//, ""), base);
      const headers = new Headers(req.headers);
      // A request that names its own Authorization acts as another principal the
      // connection vouched for (e.g. a Facebook Page token fetched with it).
      if (!headers.has("authorization")) applyAuth(auth, credentials, headers, url);
      try {
        return await client.request({ ...req, url: url.toString(), headers: Object.fromEntries(headers) });
      } catch (err) {
        // Some APIs carry the secret in the URL path (Telegram, Discord webhooks).
        throw scrubSecrets(err, secrets);
      }
    },
    resolveHost: (host, port) => client.resolveHost(host, port),
    close: () => client.close(),
  };
}
