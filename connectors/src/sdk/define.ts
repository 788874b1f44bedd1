import type { z } from "zod";
import type { AuthDefinition } from "./auth";
import type { HttpClient } from "./http/client";

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Durable per-trigger storage for cursors and dedupe windows. */
export interface KeyValueStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface ConnectionHandle {
  id: string;
  name: string;
  /** Decrypted only inside the activity; never logged, never in Temporal payloads. */
  credentials: Record<string, unknown>;
}

export interface ActionContext<Props> {
  props: Props;
  /** The shared client, bound to the connection's auth and the connector's base URL. */
  http: HttpClient;
  connection?: ConnectionHandle;
  /** Stable per step execution (run + step + item); pass it to APIs that dedupe on it. */
  idempotencyKey: string;
  logger: Logger;
  signal: AbortSignal;
}

/**
 * What an operation does outside the engine. `read`: looks only; `compute`: derives a result
 * (a model call, a pure transform); `write`: changes something (sends, creates, deletes, waits
 * for people or time). Only `read` and `compute` steps may remember their results (`cache`).
 */
export type ActionEffect = "read" | "compute" | "write";

export interface ActionDefinition<P extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** Stable forever once released: definitions reference it as `<connector>.<name>`. */
  name: string;
  /**
   * Its effect, or how a step's `with` decides it (an HTTP GET reads, a POST writes). The function
   * sees the definition's `with` before rendering: a templated value it cannot judge is a write.
   */
  effect: ActionEffect | ((withValues: Record<string, unknown>) => ActionEffect);
  /**
   * Raised when the same inputs start to give a different output (a changed endpoint or output
   * shape), so remembered results of the older behaviour are not taken for the new one. Default 1.
   */
  version?: number;
  title: string;
  description: string;
  props: P;
  output: O;
  sampleOutput: z.infer<O>;
  /**
   * One line saying what this call will do with these inputs, for an approver's
   * preview (e.g. `Post to X: "Launch day!"`). Must not do I/O: previews are
   * built synchronously, for many steps at once, with no connection at hand.
   * Without it, `describeStep` shows the titles and a few input fields.
   */
  describe?(input: z.infer<P>): string;
  /**
   * Absent for operations the engine evaluates itself inside the workflow
   * (pure data steps and durable timers): they need no activity round trip.
   */
  run?(ctx: ActionContext<z.infer<P>>): Promise<z.infer<O>>;
}

/** App-level settings of the connector's provider app (from its registration in SWITCHYARD_OAUTH_CLIENTS). */
export interface AppSettings {
  /** Signs event deliveries for the whole app (Slack's signing secret). */
  signingSecret?: string;
}

export interface TriggerContext<Props> {
  props: Props;
  http: HttpClient;
  app?: AppSettings;
  /** Where the provider should deliver events for this trigger (webhook/event kinds). */
  webhookUrl?: string;
  connection?: ConnectionHandle;
  store: KeyValueStore;
  logger: Logger;
  signal: AbortSignal;
  /** The engine's clock in ms since the epoch: triggers read time only through it, so tests can fix it. */
  now(): number;
}

export interface TriggerDefinition<P extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** Stable forever once released. */
  name: string;
  title: string;
  description: string;
  kind: "webhook" | "poll" | "event";
  props: P;
  output: O;
  sampleOutput: z.infer<O>;
  onEnable?(ctx: TriggerContext<z.infer<P>>): Promise<void>;
  onDisable?(ctx: TriggerContext<z.infer<P>>): Promise<void>;
  /** Polling triggers: items since the stored cursor (the engine dedupes by dedupeKey). */
  poll?(ctx: TriggerContext<z.infer<P>>): Promise<z.infer<O>[]>;
  /** Webhook/event triggers: verify and turn an incoming request into items. */
  parse?(ctx: TriggerContext<z.infer<P>> & { request: IncomingEvent }): Promise<z.infer<O>[]>;
  dedupeKey?(item: z.infer<O>): string;
}

export function defineTrigger<P extends z.ZodType, O extends z.ZodType>(
  trigger: TriggerDefinition<P, O>,
): TriggerDefinition<P, O> {
  if (trigger.kind === "poll" && !trigger.poll) throw new Error(`trigger ${trigger.name}: a poll trigger needs poll()`);
  if (trigger.kind !== "poll" && !trigger.parse)
    throw new Error(`trigger ${trigger.name}: a ${trigger.kind} trigger needs parse()`);
  return trigger;
}

/** An app-level event delivery as received (raw body, for signature checks). */
export interface IncomingEvent {
  headers: Record<string, string | undefined>;
  body: string;
}

/**
 * For providers that deliver every account's events to one URL per app
 * (`POST /api/v1/events/<slug>`): how to authenticate a delivery and which
 * connected account it belongs to, before any trigger sees it.
 */
export interface EventsEndpoint {
  /** Throws (NonRetryableError) unless the delivery is authentic: app signature, replay window. */
  verify(app: AppSettings | undefined, request: IncomingEvent): void;
  /** What to answer a URL-verification handshake, when the delivery is one. */
  challenge?(request: IncomingEvent): string | undefined;
  /** The provider account the delivery is about (Slack: the team), matched to connections' accounts. */
  accountOf(request: IncomingEvent): string | undefined;
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
  /** Default API base URL; deployments and tests override it through config. */
  baseUrl?: string;
  actions: ActionDefinition[];
  triggers?: TriggerDefinition[];
  /** Present when `event` triggers receive app-level deliveries. */
  events?: EventsEndpoint;
}

export function defineAction<P extends z.ZodType, O extends z.ZodType>(
  action: ActionDefinition<P, O>,
): ActionDefinition<P, O> {
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
  for (const trigger of connector.triggers ?? []) {
    if (!NAME.test(trigger.name))
      throw new Error(`${connector.slug}: trigger name "${trigger.name}" must match ${NAME}`);
    if (seen.has(trigger.name)) throw new Error(`${connector.slug}: "${trigger.name}" is used twice`);
    seen.add(trigger.name);
  }
  return connector;
}
