// The worker's small HTTP port: /healthz (the process answers) and /readyz (its dependencies do).
// Plain node:http, and a route table, so other read-only endpoints (metrics) can join it.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sharedReadiness, type ReadinessChecks } from "./readiness";

export type HealthRoute = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
};

export async function startHealthServer(options: {
  port: number;
  host?: string;
  checks: ReadinessChecks;
  routes?: Record<string, HealthRoute>;
}): Promise<HealthServer> {
  const readiness = sharedReadiness(options.checks);
  const routes: Record<string, HealthRoute> = {
    "/healthz": (_req, res) => json(res, 200, { ok: true }),
    "/readyz": async (_req, res) => {
      const { status, body } = await readiness();
      json(res, status, body);
    },
    ...options.routes,
  };
  const server = createServer((req, res) => {
    const route = req.method === "GET" || req.method === "HEAD" ? routes[(req.url ?? "").split("?")[0]!] : undefined;
    if (!route) return json(res, 404, { error: "not found" });
    Promise.resolve(route(req, res)).catch(() => res.headersSent || json(res, 500, { error: "internal" }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
