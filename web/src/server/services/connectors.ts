import { builtinRegistry, connectorMetadata, type ConnectorMetadata } from "@switchyard/connectors";
import { ApiError } from "../http/errors";

/** The catalog for the UI's forms: JSON Schemas of every action's and trigger's props and output. */
export const listConnectors = (): ConnectorMetadata[] => builtinRegistry.connectors.map(connectorMetadata);

export function getConnector(slug: string): ConnectorMetadata {
  const c = builtinRegistry.connectors.find((x) => x.slug === slug);
  if (!c) throw new ApiError(404, "not_found", `No connector "${slug}".`);
  return connectorMetadata(c);
}
