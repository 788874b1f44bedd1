import type { ActionDefinition, ActionEffect, ConnectorDefinition, TriggerDefinition } from "./sdk/define";
import { core } from "./core";
import { http } from "./http";
import { notion } from "./notion";
import { airtable } from "./airtable";
import { discord } from "./discord";
import { email } from "./email";
import { facebookPages } from "./facebook-pages";
import { githubConnector } from "./github";
import { googleSheets } from "./google-sheets";
import { openai } from "./openai";
import { postgres } from "./postgres";
import { rss } from "./rss";
import { slack } from "./slack";
import { stripeConnector } from "./stripe";
import { telegram } from "./telegram";
import { x } from "./x";

export interface Registry {
  connectors: readonly ConnectorDefinition[];
  /** Resolves `<connector>.<action>`; undefined when unknown. */
  action(uses: string): ActionDefinition | undefined;
  /** Resolves `<connector>.<trigger>`; undefined when unknown. */
  trigger(uses: string): TriggerDefinition | undefined;
  /** Whether steps using this operation must name a connection (an account). */
  needsConnection(uses: string): boolean;
  /** The connector an operation belongs to. */
  connectorOf(uses: string): ConnectorDefinition | undefined;
  /** A step's effect, judged from its definition's `with`; undefined for an unknown operation. */
  effectOf(uses: string, withValues: Record<string, unknown>): ActionEffect | undefined;
}

export function createRegistry(connectors: readonly ConnectorDefinition[]): Registry {
  const actions = new Map<string, ActionDefinition>();
  const triggers = new Map<string, TriggerDefinition>();
  for (const c of connectors) {
    for (const a of c.actions) actions.set(`${c.slug}.${a.name}`, a);
    for (const tr of c.triggers ?? []) triggers.set(`${c.slug}.${tr.name}`, tr);
  }
  const bySlug = new Map(connectors.map((c) => [c.slug, c]));
  return {
    connectors,
    action: (uses) => actions.get(uses),
    trigger: (uses) => triggers.get(uses),
    needsConnection: (uses) => (bySlug.get(uses.split(".")[0]!)?.auth?.kind ?? "none") !== "none",
    connectorOf: (uses) => bySlug.get(uses.split(".")[0]!),
    effectOf(uses, withValues) {
      const effect = actions.get(uses)?.effect;
      return typeof effect === "function" ? effect(withValues) : effect;
    },
  };
}

export const builtinRegistry = createRegistry([
  core,
  http,
  slack,
  telegram,
  discord,
  githubConnector,
  email,
  openai,
  stripeConnector,
  rss,
  postgres,
  googleSheets,
  notion,
  airtable,
  x,
  facebookPages,
]);
