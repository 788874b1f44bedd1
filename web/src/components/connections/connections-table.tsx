"use client";
import Link from "next/link";
import type { inferRouterOutputs } from "@trpc/server";
import { Timestamp } from "~/components/ui/timestamp";
import type { AppRouter } from "~/server/trpc/root";
import { ConnectionStatus } from "./connection-status";
import { ConnectorIcon } from "./connector-icon";
import { useConnectorsBySlug } from "./use-connectors";

export type ConnectionRow = inferRouterOutputs<AppRouter>["connections"]["list"][number];

function UsedBy({ usedBy }: { usedBy: ConnectionRow["usedBy"] }) {
  if (!usedBy.length) return <span className="text-slate-500">Not used</span>;
  const shown = usedBy
    .slice(0, 3)
    .map((u) => u.name)
    .join(", ");
  return (
    <span title={usedBy.map((u) => u.name).join(", ")}>
      {shown}
      {usedBy.length > 3 && ` and ${usedBy.length - 3} more`}
    </span>
  );
}

export function ConnectionsTable({ workspace, items }: { workspace: string; items: ConnectionRow[] }) {
  const connectors = useConnectorsBySlug();
  return (
    <table className="w-full text-left text-sm" data-testid="connections-table">
      <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase">
        <tr>
          <th className="px-4 py-2 font-medium">Name</th>
          <th className="px-4 py-2 font-medium">Connector</th>
          <th className="px-4 py-2 font-medium">Status</th>
          <th className="px-4 py-2 font-medium">Used by</th>
          <th className="px-4 py-2 font-medium">Last used</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {items.map((c) => {
          const connector = connectors.get(c.connector);
          return (
            <tr key={c.id} className="hover:bg-slate-50">
              <td className="px-4 py-2.5 font-medium">
                <Link href={`/w/${workspace}/connections/${c.id}`} className="text-accent-700 hover:underline">
                  {c.name}
                </Link>
              </td>
              <td className="px-4 py-2.5">
                <span className="inline-flex items-center gap-2">
                  {connector && <ConnectorIcon svg={connector.icon} className="size-4" />}
                  {connector?.name ?? c.connector}
                </span>
              </td>
              <td className="px-4 py-2.5">
                <ConnectionStatus status={c.status} />
              </td>
              <td className="px-4 py-2.5">
                <UsedBy usedBy={c.usedBy} />
              </td>
              <td className="px-4 py-2.5 text-slate-600">
                {c.lastUsedAt ? <Timestamp iso={new Date(c.lastUsedAt).toISOString()} /> : "Never"}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
