import type { z } from "zod";
import type {
  ActionContext,
  ActionDefinition,
  AppSettings,
  ConnectorDefinition,
  KeyValueStore,
  Logger,
  TriggerContext,
} from "../define";
import { parseCredentials } from "../auth";
import { createHttpClient, type HttpClient } from "../http/client";
import { bindHttpClient } from "../http/bound";

export interface MockLogger extends Logger {
  lines: { level: string; message: string; fields?: Record<string, unknown> }[];
}

export function createMemoryStore(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async <T>(key: string) => data.get(key) as T | undefined,
    set: async (key, value) => void data.set(key, structuredClone(value)),
    delete: async (key) => void data.delete(key),
  };
}

export interface MockContextOptions {
  connector: ConnectorDefinition;
  props: unknown;
  /** The API's base URL: a fake's URL in tests. */
  baseUrl?: string;
  credentials?: unknown;
  idempotencyKey?: string;
  http?: HttpClient;
  webhookUrl?: string;
  app?: AppSettings;
  /** The trigger's clock; defaults to MOCK_NOW, so no test reads the real date by accident. */
  now?: () => number;
}

/** The fixed instant mock contexts report unless a test passes its own clock. */
export const MOCK_NOW = Date.parse("2026-01-15T12:00:00.000Z");

/**
 * A context like the engine builds: props validated, http bound to auth + base URL, in-memory store, recording logger.
 */
export function createMockContext<P extends z.ZodType>(
  action: ActionDefinition<P> | { props: P },
  o: MockContextOptions,
): ActionContext<z.infer<P>> & TriggerContext<z.infer<P>> & { logger: MockLogger } {
  const lines: MockLogger["lines"] = [];
  const logger: MockLogger = {
    lines,
    info: (message, fields) => void lines.push({ level: "info", message, fields }),
    warn: (message, fields) => void lines.push({ level: "warn", message, fields }),
    error: (message, fields) => void lines.push({ level: "error", message, fields }),
  };
  const auth = o.connector.auth ?? { kind: "none" as const };
  const credentials = parseCredentials(auth, o.credentials ?? {});
  // Fakes listen on loopback, so the mock's client runs without the SSRF guard.
  const base = o.http ?? createHttpClient({ ssrf: { enabled: false, allowHosts: [] }, retryBaseDelayMs: 10 });
  const baseUrl = o.baseUrl ?? o.connector.baseUrl;
  if (!baseUrl) throw new Error(`createMockContext: ${o.connector.slug} has no baseUrl; pass one`);
  return {
    props: action.props.parse(o.props),
    http: bindHttpClient(base, { baseUrl, auth, credentials }),
    connection: auth.kind === "none" ? undefined : { id: "conn-test", name: "test", credentials },
    idempotencyKey: o.idempotencyKey ?? "run-test:step:0",
    webhookUrl: o.webhookUrl,
    app: o.app,
    store: createMemoryStore(),
    logger,
    signal: new AbortController().signal,
    now: o.now ?? (() => MOCK_NOW),
  };
}
