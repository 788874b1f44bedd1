import type { z } from "zod";
import type { HttpClient } from "./http/client";

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface ActionContext<Props> {
  props: Props;
  /** The shared client: timeouts, safe retries, size cap, SSRF guard. */
  http: HttpClient;
  /** Stable per step execution (run + step + item); pass it to APIs that dedupe on it. */
  idempotencyKey: string;
  logger: Logger;
  signal: AbortSignal;
}

export interface ActionDefinition<P extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** Stable forever once released: definitions reference it as `<connector>.<name>`. */
  name: string;
  title: string;
  description: string;
  props: P;
  output: O;
  sampleOutput: z.infer<O>;
  /**
   * Absent for operations the engine evaluates itself inside the workflow
   * (pure data steps and durable timers): they need no activity round trip.
   */
  run?(ctx: ActionContext<z.infer<P>>): Promise<z.infer<O>>;
}

/** How a connector authenticates; the full auth kinds (fields, OAuth2 endpoints) build on this. */
export interface AuthDefinition {
  kind: "none" | "apiKey" | "basic" | "bearer" | "oauth2" | "custom";
}

export interface ConnectorDefinition {
  slug: string;
  name: string;
  description: string;
  /** Inline SVG markup, so the UI needs no asset pipeline per connector. */
  icon: string;
  categories: string[];
  /** Absent or `none`: steps need no connection. */
  auth?: AuthDefinition;
  actions: ActionDefinition[];
}

export function defineAction<P extends z.ZodType, O extends z.ZodType>(action: ActionDefinition<P, O>): ActionDefinition<P, O> {
  return action;
}

const SLUG = /^[a-z][a-z0-9-]*$/;
const NAME = /^[a-z][a-zA-Z0-9]*$/;

export function defineConnector(connector: ConnectorDefinition): ConnectorDefinition {
  if (!SLUG.test(connector.slug)) throw new Error(`connector slug "${connector.slug}" must match ${SLUG}`);
  const seen = new Set<string>();
  for (const action of connector.actions) {
    if (!NAME.test(action.name)) throw new Error(`${connector.slug}: action name "${action.name}" must match ${NAME}`);
    if (seen.has(action.name)) throw new Error(`${connector.slug}: duplicate action "${action.name}"`);
    seen.add(action.name);
  }
  return connector;
}
