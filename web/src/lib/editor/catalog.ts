// The connector catalog as the editor uses it: palette entries grouped by connector, and
// the action (props schema, sample output, icon) behind a step's `uses`.

/** What the editor reads of an action of the catalog (connectorMetadata's, as it arrives over the wire). */
export interface ActionMetadata {
  name: string;
  title: string;
  description: string;
  /** JSON Schema of the props. */
  props: unknown;
  sampleOutput?: unknown;
  /** What it does outside Switchyard: only `read` and `compute` steps may remember results; `varies` depends on the inputs. */
  effect?: "read" | "compute" | "write" | "varies";
}

export interface CatalogConnector {
  slug: string;
  name: string;
  icon: string;
  auth: { kind: string };
  actions: readonly ActionMetadata[];
}

export type Catalog = readonly CatalogConnector[];

export interface PaletteItem {
  uses: string;
  title: string;
  description: string;
}

export interface PaletteGroup {
  connector: string;
  name: string;
  icon: string;
  items: PaletteItem[];
}

const matches = (query: string, ...texts: string[]) => texts.some((t) => t.toLowerCase().includes(query));

/** Core steps first, then connectors by name; a query keeps actions whose title, uses, description or connector match. */
export function paletteGroups(catalog: Catalog, query = ""): PaletteGroup[] {
  const q = query.trim().toLowerCase();
  return [...catalog]
    .sort((a, b) => Number(b.slug === "core") - Number(a.slug === "core") || a.name.localeCompare(b.name))
    .map((c) => ({
      connector: c.slug,
      name: c.name,
      icon: c.icon,
      items: c.actions
        .map((a) => ({ uses: `${c.slug}.${a.name}`, title: a.title, description: a.description }))
        .filter((a) => !q || matches(q, a.title, a.uses, a.description, c.name)),
    }))
    .filter((g) => g.items.length > 0);
}

const split = (uses: string) => {
  const dot = uses.indexOf(".");
  return dot < 0 ? [uses, ""] : [uses.slice(0, dot), uses.slice(dot + 1)];
};

export const connectorOf = (catalog: Catalog, uses: string) => catalog.find((c) => c.slug === split(uses)[0]);

export function actionOf(catalog: Catalog, uses: string): ActionMetadata | undefined {
  const [, name] = split(uses);
  return connectorOf(catalog, uses)?.actions.find((a) => a.name === name);
}

/** Whether steps of `uses` name a connection (the connector has an account to sign in with). */
export const needsConnection = (catalog: Catalog, uses: string) => {
  const kind = connectorOf(catalog, uses)?.auth.kind;
  return kind !== undefined && kind !== "none";
};

/** The connector's inline SVG as an image source: shown through <img>, so no script in it can run. */
export const iconSource = (svg: string | undefined) =>
  svg ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` : undefined;

/** Picker samples: a run's values where it has them, else each action's sample output from the catalog. */
export function withCatalogSamples(
  d: { steps: readonly { id: string; uses: string }[] },
  catalog: Catalog,
  fromRun: { trigger?: unknown; steps: Readonly<Record<string, unknown>> },
): { trigger?: unknown; steps: Record<string, unknown> } {
  const steps: Record<string, unknown> = {};
  for (const s of d.steps) {
    const sample = Object.hasOwn(fromRun.steps, s.id) ? fromRun.steps[s.id] : actionOf(catalog, s.uses)?.sampleOutput;
    if (sample !== undefined) steps[s.id] = sample;
  }
  return fromRun.trigger === undefined ? { steps } : { trigger: fromRun.trigger, steps };
}
