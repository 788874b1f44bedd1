// The connections page's list: each connection with the workflows that use it, from two queries.
import type { Services } from "../context";
import { usageByConnection } from "./connection-usage";
import { listConnections } from "./connections";

export async function connectionsOverview(s: Services, workspaceId: string) {
  const [connections, usage] = await Promise.all([
    listConnections(s, workspaceId),
    usageByConnection(s.db, workspaceId),
  ]);
  return connections.map((c) => ({ ...c, usedBy: usage.get(c.name) ?? [] }));
}
