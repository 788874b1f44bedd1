import type { ActionDefinition, ConnectorDefinition } from "./sdk/define";
import { core } from "./core";
import { http } from "./http";

export interface Registry {
  connectors: readonly ConnectorDefinition[];
  /** Resolves `<connector>.<action>`; undefined when unknown. */
  action(uses: string): ActionDefinition | undefined;
}

export function createRegistry(connectors: readonly ConnectorDefinition[]): Registry {
  const actions = new Map<string, ActionDefinition>();
  for (const c of connectors) {
    for (const a of c.actions) actions.set(`${c.slug}.${a.name}`, a);
  }
  return { connectors, action: (uses) => actions.get(uses) };
}

export const builtinRegistry = createRegistry([core, http]);
