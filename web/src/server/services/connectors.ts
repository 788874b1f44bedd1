import { builtinRegistry, connectorMetadata, type ConnectorMetadata } from "@switchyard/connectors";
import { ApiError } from "../http/errors";

/** The catalog for the UI's forms: JSON Schemas of every action's and trigger's props and output. */
export const listConnectors = (): ConnectorMetadata[] => builtinRegistry.connectors.map(connectorMetadata);

export function getConnector(slug: string): ConnectorMetadata {
  const c = builtinRegistry.connectors.find((x) => x.slug === slug);
  if (!c) throw new ApiError(404, "not_found", `No connector "${slug}".`);
  return connectorMetadata(c);
}

export type ConnectorSummary = Pick<
  ConnectorMetadata,
  "slug" | "name" | "description" | "icon" | "categories" | "auth"
>;

/** The catalog page's cards: what each connector is and how it connects, without its operations' schemas. */
export const listConnectorSummaries = (): ConnectorSummary[] =>
  listConnectors().map(({ slug, name, description, icon, categories, auth }) => ({
    slug,
    name,
    description,
    icon,
    categories,
    auth,
  }));
