// The worker's HTTP port (SWITCHYARD_WORKER_HEALTH_PORT), for Prometheus to scrape: GET /metrics.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Logger } from "@switchyard/connectors";

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Serves `/metrics` on `port` (all interfaces: scrapers reach workers from outside; the port
 * should stay internal to the deployment). A taken port is logged, never fatal: a worker without
 * metrics still works.
 */
export function startMetricsServer(port: number, metrics: Handler, logger: Logger): () => Promise<void> {
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url?.split("?")[0] === "/metrics") void metrics(req, res);
    else res.writeHead(404).end();
  });
  server.on("error", (err) => logger.warn("metrics port not opened", { port, error: err.message }));
  server.listen(port);
  return () => new Promise((resolve) => server.close(() => resolve()));
}
