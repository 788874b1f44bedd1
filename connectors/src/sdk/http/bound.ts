import { applyAuth, type AuthDefinition } from "../auth";
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
  return {
    request(req: HttpRequest) {
      const url = new URL(req.url.replace(/^\//, ""), base);
      const headers = new Headers(req.headers);
      applyAuth(auth, credentials, headers, url);
      return client.request({ ...req, url: url.toString(), headers: Object.fromEntries(headers) });
    },
    resolveHost: (host) => client.resolveHost(host),
    close: () => client.close(),
  };
}
