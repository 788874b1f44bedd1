// Prometheus metrics of this process (prom-client's default registry), served at /metrics by web
// and by the worker's HTTP port. Labels stay bounded: operations come from the registry, workflow
// ids from the installation's workflows; histograms carry no per-workflow label.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from "prom-client";
import type { Db } from "@switchyard/db";

// Metrics are registered once per process: this module is evaluated again by Next's dev-mode
// reloads and by tests that reset modules, while prom-client's registry stays.
const registered = <T>(name: string) => register.getSingleMetric(name) as T | undefined;
const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
  registered<Counter<L>>(name) ?? new Counter({ name, help, labelNames });
const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
  registered<Histogram<L>>(name) ?? new Histogram({ name, help, labelNames, buckets });

if (!registered("switchyard_process_cpu_seconds_total")) collectDefaultMetrics({ prefix: "switchyard_" });

export const runsStarted = counter(
  "switchyard_runs_started_total",
  "Runs accepted and stored to start (webhook, manual, schedule, poll, re-run), by workflow id and source.",
  ["workflow", "source"],
);

export const runsCompleted = counter(
  "switchyard_runs_completed_total",
  "Runs that ended, by workflow id and final status (succeeded, failed, partially_succeeded, cancelled).",
  ["workflow", "status"],
);

export const runsFailed = counter(
  "switchyard_runs_failed_total",
  "Runs that ended failed or partially_succeeded, by workflow id (those raise an alert).",
  ["workflow"],
);

export const stepDuration = histogram(
  "switchyard_step_duration_seconds",
  "Connector calls (one step attempt, or one fan-out item with its retries), by operation.",
  ["operation"],
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
);

/** Runs one connector call, observed by operation whether it succeeds or throws; with its duration. */
export async function timeStep<T>(operation: string, call: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  try {
    const result = await call();
    return { result, ms: performance.now() - started };
  } finally {
    stepDuration.observe({ operation }, (performance.now() - started) / 1_000);
  }
}

export const stepCacheHits = counter(
  "switchyard_step_cache_hits_total",
  "Steps answered from remembered results instead of calling their connector, by operation.",
  ["operation"],
);

export const webhookAcceptSeconds = histogram(
  "switchyard_webhook_accept_seconds",
  "From a webhook request's arrival until its run is stored (before any sync wait for the run's answer).",
  [],
  [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
);

export const checkpointWaitSeconds = histogram(
  "switchyard_checkpoint_wait_seconds",
  "From a checkpoint's opening to its outcome (decided, timed out or cancelled).",
  [],
  [1, 10, 60, 300, 900, 3_600, 4 * 3_600, 86_400, 3 * 86_400, 7 * 86_400],
);

/** Runs stored but not yet handed to Temporal (the relay's backlog), counted when scraped. */
export function watchOutboxDepth(db: Pick<Db, "$queryRaw">): void {
  if (registered("switchyard_outbox_depth")) return;
  new Gauge({
    name: "switchyard_outbox_depth",
    help: "Runs stored but not yet started on Temporal (the outbox relay's backlog), read on scrape.",
    async collect() {
      // The (dispatchedAt, createdAt) index finds the undispatched rows; few are, so the status check reads few.
      // A failed count (the database away) must not fail the whole scrape, which would hide every other metric
      // just when they matter: the gauge reads NaN, "unknown", until the next scrape.
      try {
        const [row] = await db.$queryRaw<{ n: bigint }[]>`
          SELECT count(*) AS n FROM "Run" WHERE "dispatchedAt" IS NULL AND status = 'queued'`;
        this.set(Number(row?.n ?? 0));
      } catch {
        this.set(Number.NaN);
      }
    },
  });
}

/** The exposition text, with more appended (the Temporal SDK's own metrics on the worker). */
export async function metricsText(more?: () => Promise<string>): Promise<string> {
  const [ours, theirs] = await Promise.all([register.metrics(), more?.() ?? ""]);
  return theirs ? `${ours}\n${theirs}` : ours;
}

export const metricsContentType = register.contentType;

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Whether an Authorization header carries `token` as its bearer; equal-length digests, so the time taken says nothing. */
export const bearerMatches = (authorization: string | null | undefined, token: string): boolean =>
  timingSafeEqual(digest(authorization ?? ""), digest(`Bearer ${token}`));

/**
 * The worker's /metrics handler, for its HTTP port: this process's metrics, then the Temporal
 * SDK's (workers, pollers, slots, task latencies) read from the SDK's own exporter when
 * SWITCHYARD_TEMPORAL_METRICS_ADDRESS gave it one. An unreachable exporter costs only its part.
 * With `token` (SWITCHYARD_METRICS_TOKEN) only its bearer may read them, as on web.
 */
export function createMetricsHandler({
  temporalMetricsAddress,
  token,
}: {
  temporalMetricsAddress?: string;
  token?: string;
}) {
  const sdkMetrics = temporalMetricsAddress
    ? () =>
        fetch(`http://${temporalMetricsAddress}/metrics`, { signal: AbortSignal.timeout(2_000) }).then(
          (r) => (r.ok ? r.text() : ""),
          () => "",
        )
    : undefined;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (token && !bearerMatches(req.headers.authorization, token)) {
      res.writeHead(401, { "content-type": "text/plain", "www-authenticate": "Bearer" }).end("unauthorized");
      return;
    }
    try {
      const body = await metricsText(sdkMetrics);
      res.writeHead(200, { "content-type": metricsContentType }).end(body);
    } catch {
      // An error's message may name hosts and ports; the scraper only needs to know this scrape failed.
      res.writeHead(500, { "content-type": "text/plain" }).end("metrics failed");
    }
  };
}
