import dns from "node:dns/promises";
import { isIP } from "node:net";
import { fetch, Headers, type Agent } from "undici";
import { traced } from "./traced";
import { displayUrl, HttpError } from "../errors";
import { createGuardedAgent, portOf } from "./agent";
import {
  assertPublic,
  formatHostEntry,
  normalizeHost,
  parseHostEntry,
  SsrfError,
  workspaceEntryProblem,
  type SsrfPolicy,
} from "./ssrf";

export interface HttpClientConfig {
  ssrf: SsrfPolicy;
  connectTimeoutMs: number;
  /** Whole request, including reading the body (per attempt). */
  requestTimeoutMs: number;
  maxResponseBytes: number;
  /** Extra attempts for 429/5xx/network errors, when the request is safe to repeat. */
  maxRetries: number;
  retryBaseDelayMs: number;
  /** Longest wait honoured from Retry-After or backoff. */
  retryMaxDelayMs: number;
  maxRedirects: number;
}

export const defaultHttpConfig: HttpClientConfig = {
  ssrf: { enabled: true, allowHosts: [] },
  connectTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxResponseBytes: 10 * 1024 * 1024,
  maxRetries: 2,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 30_000,
  maxRedirects: 5,
};

export interface HttpRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and bytes as they are. */
  body?: unknown;
  /** Sent as Idempotency-Key; makes non-idempotent methods safe to retry. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Overrides the client's retry count (0: let the caller's own policy retry). */
  retries?: number;
  /**
   * Retry only 429s (never processed, so always safe) and leave every other
   * failure to the caller's policy: for targets that may ignore Idempotency-Key.
   */
  retryOnlyRateLimits?: boolean;
  /** `bytes` returns the body as a Buffer (files); default decodes JSON or text by content type. */
  as?: "auto" | "bytes";
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
  requestId?: string;
}

export interface HttpClient {
  request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>>;
  /**
   * Resolves a host for a non-HTTP connection (databases, SMTP) under the same
   * SSRF policy, returning the checked address to connect to (no rebinding gap).
   * Without `port`, allowlist entries and networks that name a port do not apply.
   */
  resolveHost(host: string, port?: number): Promise<string>;
  close(): Promise<void>;
}

/** What the engine holds (connectors only ever get an HttpClient, so they cannot widen their own reach). */
export interface HttpClientPool extends HttpClient {
  /**
   * The same client, also allowed to reach these internal hosts (a workspace's
   * allowlist; private networks only, see ssrf.ts). Each distinct list gets its
   * own connection pool, so a socket opened under one list is never reused by
   * a workspace without it.
   */
  withAllowedHosts(hosts: readonly string[]): HttpClient;
  /**
   * Why a workspace may not list this allowlist entry under the
   * operator's policy (see workspaceEntryProblem), or undefined.
   */
  workspaceEntryProblem(entry: string): string | undefined;
}

/**
 * Distinct workspace allowlists kept with a pool each; past this, the oldest is dropped (its idle sockets time out).
 */
const MAX_WIDENED_POOLS = 64;

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
/** What may follow a redirect to another origin: never credentials, whatever header carries them. */
const CROSS_ORIGIN_SAFE = new Set(["accept", "accept-language", "content-type", "user-agent", "idempotency-key"]);
const MAX_ERROR_BODY = 500;
const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-amzn-requestid", "x-github-request-id", "cf-ray"];

/** Not worth retrying: the response was refused by policy or is unusable. */
export class ResponseError extends Error {
  override name = "ResponseError";
}

/**
 * Rate-limit reset headers some APIs send on 429 instead of Retry-After
 * (X: x-rate-limit-reset; GitHub: x-ratelimit-reset), as epoch seconds.
 */
const RESET_HEADERS = ["x-rate-limit-reset", "x-ratelimit-reset"];

/** How long a 429 asks to wait: Retry-After first, else an epoch-seconds reset header. */
export function rateLimitDelay(headers: { get(name: string): string | null }, now = Date.now()): number | undefined {
  const hinted = parseRetryAfter(headers.get("retry-after"), now);
  if (hinted !== undefined) return hinted;
  for (const name of RESET_HEADERS) {
    const value = headers.get(name)?.trim();
    // Only epoch seconds; small numbers in these headers are quotas or deltas of unknown meaning.
    if (value && /^\d{10}$/.test(value)) return Math.max(0, Number(value) * 1000 - now);
  }
  return undefined;
}

/** Retry-After in ms (seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function checkLiteralHost(policy: SsrfPolicy, url: URL): void {
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new SsrfError(`refused ${url.protocol} URL: only http and https are allowed`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // Names are checked when they resolve (see agent.ts); literals never resolve.
  if (isIP(host)) assertPublic(policy, host, [{ address: host }], portOf(url));
}

async function readCapped(res: Awaited<ReturnType<typeof fetch>>, max: number): Promise<Buffer> {
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel();
    throw new ResponseError(`response of ${declared} bytes exceeds the ${max}-byte limit`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body ?? []) {
    size += chunk.byteLength;
    if (size > max) throw new ResponseError(`response exceeds the ${max}-byte limit`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function decode(buf: Buffer, contentType: string, status: number, url: string): unknown {
  const text = buf.toString("utf8");
  if (!/[/+]json\b/.test(contentType)) return text;
  if (!text.trim()) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new ResponseError(`malformed JSON in the HTTP ${status} response from ${url}: ${text.slice(0, 120)}`);
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });

type RequestBody = string | Uint8Array | undefined;

/** The body to send: objects as JSON (labelled so unless the caller set a content type); none for GET and HEAD. */
function encodeBody(req: HttpRequest, method: string, headers: Headers): RequestBody {
  if (req.body === undefined || method === "GET" || method === "HEAD") return undefined;
  if (typeof req.body === "string" || req.body instanceof Uint8Array) return req.body;
  const json = JSON.stringify(req.body);
  if (!headers.has("content-type")) headers.set("content-type", "application/json");
  return json;
}

interface Hop {
  url: URL;
  method: string;
  body: RequestBody;
}

/** Where a redirect leads: credentials stay with their origin, and 303 (or 301/302 after a POST) becomes a bare GET. */
function redirectHop(from: Hop, status: number, location: string, headers: Headers): Hop {
  const url = new URL(location, from.url);
  if (url.origin !== from.url.origin)
    for (const name of [...headers.keys()]) if (!CROSS_ORIGIN_SAFE.has(name)) headers.delete(name);
  if (status === 303 || ((status === 301 || status === 302) && from.method === "POST")) {
    headers.delete("content-type");
    return { url, method: "GET", body: undefined };
  }
  return { ...from, url };
}

/** The final (non-redirect) response read within the size cap: an HttpError for 4xx/5xx, else the decoded body. */
async function toResponse(
  res: Awaited<ReturnType<typeof fetch>>,
  req: HttpRequest,
  url: URL,
  maxBytes: number,
): Promise<HttpResponse> {
  const buf = await readCapped(res, maxBytes);
  const requestId = REQUEST_ID_HEADERS.map((h) => res.headers.get(h)).find(Boolean) ?? undefined;
  if (res.status >= 400) {
    const err = new HttpError(res.status, buf.toString("utf8").slice(0, MAX_ERROR_BODY), requestId, displayUrl(url));
    err.retryAfterMs =
      res.status === 429 ? rateLimitDelay(res.headers) : parseRetryAfter(res.headers.get("retry-after"));
    throw err;
  }
  const body =
    req.as === "bytes" ? buf : decode(buf, res.headers.get("content-type") ?? "", res.status, displayUrl(url));
  return { status: res.status, headers: Object.fromEntries(res.headers), body, requestId };
}

/** One attempt: follows redirects itself, so each hop's host passes the SSRF check. */
async function sendOnce(
  config: HttpClientConfig,
  agent: Agent,
  req: HttpRequest,
  first: Hop,
  headers: Headers,
): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(req.timeoutMs ?? config.requestTimeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  let hop = first;
  for (let redirects = 0; ; redirects++) {
    checkLiteralHost(config.ssrf, hop.url);
    const res = await fetch(hop.url, {
      method: hop.method,
      headers,
      body: hop.body,
      redirect: "manual",
      dispatcher: agent,
      signal,
    }).catch((err: unknown) => {
      // undici reports connect-time refusals as "fetch failed" with the reason as the cause.
      const cause = (err as { cause?: unknown }).cause;
      throw cause instanceof SsrfError ? cause : err;
    });
    const location = res.headers.get("location");
    if (!(res.status >= 300 && res.status < 400 && location))
      return toResponse(res, req, hop.url, config.maxResponseBytes);
    await res.body?.cancel();
    if (redirects >= config.maxRedirects)
      throw new ResponseError(`more than ${config.maxRedirects} redirects from ${displayUrl(req.url)}`);
    hop = redirectHop(hop, res.status, location, headers);
  }
}

/** How long to wait before repeating a failed attempt, or undefined when the failure goes back to the caller. */
function retryDelay(
  config: HttpClientConfig,
  req: HttpRequest,
  safeToRepeat: boolean,
  attempt: number,
  err: unknown,
): number | undefined {
  // A 429 was not processed, so it may be repeated whatever the method.
  const notProcessed = err instanceof HttpError && err.status === 429;
  const retryable =
    err instanceof HttpError
      ? err.retryable
      : !(err instanceof SsrfError || err instanceof ResponseError) && !req.signal?.aborted;
  if (
    !retryable ||
    !(notProcessed || (safeToRepeat && !req.retryOnlyRateLimits)) ||
    attempt >= (req.retries ?? config.maxRetries)
  )
    return undefined;
  const hinted = err instanceof HttpError ? err.retryAfterMs : undefined;
  // A wait longer than we would sleep here is the caller's to schedule (the engine's retry honours retryAfterMs).
  if (hinted !== undefined && hinted > config.retryMaxDelayMs) return undefined;
  return Math.min(hinted ?? config.retryBaseDelayMs * 2 ** attempt, config.retryMaxDelayMs);
}

/** The one HTTP client connectors use: timeouts, safe retries, size cap, SSRF guard. */
export function createHttpClient(partial: Partial<HttpClientConfig> = {}): HttpClientPool {
  const config = { ...defaultHttpConfig, ...partial };
  const agent: Agent = createGuardedAgent(config.ssrf, config.connectTimeoutMs);
  const widened = new Map<string, HttpClient>();

  return {
    async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
      const method = (req.method ?? "GET").toUpperCase();
      const headers = new Headers(req.headers);
      if (req.idempotencyKey) headers.set("idempotency-key", req.idempotencyKey);
      const body = encodeBody(req, method, headers);
      const safeToRepeat = IDEMPOTENT.has(method) || !!req.idempotencyKey;
      return traced(method, req.url, async () => {
        for (let attempt = 0; ; attempt++) {
          try {
            return (await sendOnce(
              config,
              agent,
              req,
              { url: new URL(req.url), method, body },
              new Headers(headers),
            )) as HttpResponse<T>;
          } catch (err) {
            const delay = retryDelay(config, req, safeToRepeat, attempt, err);
            if (delay === undefined) throw err;
            await sleep(delay, req.signal);
          }
        }
      });
    },
    async resolveHost(host: string, port?: number): Promise<string> {
      // The resolver reads numeric forms (2130706433) as IPv4 too: check and connect to the address they mean.
      const name = normalizeHost(host);
      const addresses = isIP(name) ? [{ address: name }] : await dns.lookup(name, { all: true });
      assertPublic(config.ssrf, name, addresses, port);
      return addresses[0]!.address;
    },
    withAllowedHosts(hosts) {
      const extra = [...new Set(hosts.flatMap((h) => parseHostEntry(h) ?? []).map(formatHostEntry))].sort();
      if (!extra.length || !config.ssrf.enabled) return this;
      const key = extra.join(",");
      let client = widened.get(key);
      if (client) widened.delete(key);
      else client = createHttpClient({ ...config, ssrf: { ...config.ssrf, workspaceHosts: extra } });
      // Most recently used last; a dropped pool is not closed, since a running step may still hold it.
      widened.set(key, client);
      if (widened.size > MAX_WIDENED_POOLS) widened.delete(widened.keys().next().value!);
      return client;
    },
    close: async () => {
      await Promise.all([agent.close(), ...[...widened.values()].map((c) => c.close())]);
    },
    workspaceEntryProblem: (entry) => workspaceEntryProblem(config.ssrf, entry),
  };
}
