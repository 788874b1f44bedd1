import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Sent as is (e.g. malformed JSON). */
  raw?: string;
}

export interface FakeRoute {
  method: string;
  path: string;
  /** Returns what is wrong with the request, so a connector bug fails loudly (400). */
  check?(req: FakeRequest): string | undefined;
  respond: FakeResponse | ((req: FakeRequest, call: number) => FakeResponse);
}

export interface FakeApi {
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

/** A local server speaking a connector's real API shape, for that connector's tests. */
export async function startFakeApi(routes: FakeRoute[]): Promise<FakeApi> {
  const requests: FakeRequest[] = [];
  const calls = new Map<FakeRoute, number>();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const fr: FakeRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
        json,
      };
      requests.push(fr);
      const route = routes.find((r) => r.method === fr.method && r.path === fr.path);
      const send = (r: FakeResponse) => {
        res.writeHead(r.status ?? 200, { "content-type": "application/json", ...r.headers });
        res.end(r.raw ?? (r.body === undefined ? "" : JSON.stringify(r.body)));
      };
      if (!route) return send({ status: 404, body: { error: `fake: no route for ${fr.method} ${fr.path}` } });
      const problem = route.check?.(fr);
      if (problem) return send({ status: 400, body: { error: `fake: ${problem}` } });
      const n = (calls.get(route) ?? 0) + 1;
      calls.set(route, n);
      send(typeof route.respond === "function" ? route.respond(fr, n) : route.respond);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
