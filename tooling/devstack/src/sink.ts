import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface SinkRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  startedAt: number;
  endedAt: number;
}

export interface SinkBehaviour {
  delayMs?: number;
  /** Holds the request open until this settles (then `delayMs` more): an API that answers when the test says. */
  until?: Promise<unknown>;
  status?: number;
  body?: unknown;
  /** Answer with the request's JSON body. */
  echo?: boolean;
  headers?: Record<string, string>;
  /** Raw response text, sent as is (e.g. malformed JSON). */
  raw?: string | Buffer;
}

export interface Sink {
  url: string;
  requests: SinkRequest[];
  /** Completed requests to one path. */
  calls(path: string): SinkRequest[];
  /** Requests to one path that have arrived, answered or not (calls() has only those answered). */
  received(path: string): number;
  /** Distinct side effects at a path: requests deduplicated by their Idempotency-Key. */
  effects(path: string): number;
  /**
   * Sets how a path answers (default: 200 `{"ok":true,"path":...}` at once).
   * A list answers call by call, repeating its last entry.
   */
  on(path: string, behaviour: SinkBehaviour | SinkBehaviour[]): void;
  close(): Promise<void>;
}

/** A local HTTP server standing in for outside APIs: it records each call and its timing. */
export async function startSink(): Promise<Sink> {
  const requests: SinkRequest[] = [];
  const behaviours = new Map<string, SinkBehaviour[]>();
  const served = new Map<string, number>();
  const server = createServer((req, res) => {
    const startedAt = performance.now();
    let body = "";
    req.on("data", (d: Buffer) => (body += d));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://sink").pathname;
      const list = behaviours.get(path) ?? [{}];
      const n = served.get(path) ?? 0;
      served.set(path, n + 1);
      const b = list[Math.min(n, list.length - 1)]!;
      const answer = () => {
        const status = b.status ?? 200;
        res.writeHead(status, { "content-type": "application/json", ...b.headers });
        const fallback = status < 400 ? { ok: true, path } : { error: `sink says ${status}` };
        res.end(b.raw ?? (b.echo && body ? body : JSON.stringify(b.body ?? fallback)));
        requests.push({
          method: req.method ?? "GET",
          path,
          headers: req.headers,
          body,
          startedAt,
          endedAt: performance.now(),
        });
      };
      void Promise.resolve(b.until).finally(() => setTimeout(answer, b.delayMs ?? 0));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: (path) => requests.filter((r) => r.path === path),
    received: (path) => served.get(path) ?? 0,
    effects: (path) =>
      new Set(requests.filter((r) => r.path === path).map((r) => r.headers["idempotency-key"] ?? `${r.startedAt}`))
        .size,
    on: (path, behaviour) => {
      behaviours.set(path, Array.isArray(behaviour) ? behaviour : [behaviour]);
      served.delete(path);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The most requests that were in flight at once. */
export function maxInFlight(requests: SinkRequest[]): number {
  const edges = requests
    .flatMap((r) => [[r.startedAt, 1] as const, [r.endedAt, -1] as const])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of edges) max = Math.max(max, (now += d));
  return max;
}

/** True when two recorded requests were in flight at the same time. */
export const overlapped = (a: SinkRequest, b: SinkRequest) => a.startedAt < b.endedAt && b.startedAt < a.endedAt;
