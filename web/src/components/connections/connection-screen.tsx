"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { Card, PageHeader } from "~/components/ui/card";
import { ErrorState, Loading } from "~/components/ui/states";
import { useTRPC } from "~/lib/trpc/react";
import { ConnectionDelete } from "./connection-delete";
import { ConnectionReconnect } from "./connection-reconnect";
import { ConnectionRename } from "./connection-rename";
import { ConnectionStatus } from "./connection-status";
import { ConnectionTest } from "./connection-test";
import type { ConnectionDetail } from "./connection-types";
import { ConnectionUsage } from "./connection-usage";
import { ConnectorIcon } from "./connector-icon";
import { useConnectorsBySlug } from "./use-connectors";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card className="p-5">
      <h2 className="mb-3 text-sm font-semibold">{title}</h2>
      {children}
    </Card>
  );
}

function Sections({ workspace, c, canEdit }: { workspace: string; c: ConnectionDetail; canEdit: boolean }) {
  const connector = useConnectorsBySlug().get(c.connector);
  const broken = c.status !== "active";
  // A broken connection leads with the way to fix it; a healthy one keeps it below the test.
  const reconnect = canEdit && (
    <Section title={broken ? "This connection needs to be reconnected" : "Reconnect"}>
      <ConnectionReconnect connection={c} />
    </Section>
  );
  return (
    <div className="space-y-4">
      {broken && reconnect}
      {canEdit && (
        <Section title="Test">
          <ConnectionTest id={c.id} testable={connector?.auth.testable ?? false} />
        </Section>
      )}
      <Section title="Where used">
        <ConnectionUsage workspace={workspace} usedBy={c.usedBy} />
      </Section>
      {!broken && reconnect}
      {canEdit && (
        <Section title="Rename">
          <ConnectionRename key={c.name} connection={c} />
        </Section>
      )}
      {canEdit && (
        <Section title="Delete">
          <ConnectionDelete workspace={workspace} connection={c} />
        </Section>
      )}
    </div>
  );
}

/** One connection: its status, test, reconnect, where it is used, rename and delete. */
export function ConnectionScreen({ workspace, id, canEdit }: { workspace: string; id: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const connection = useQuery(trpc.connections.byId.queryOptions({ id }));
  const connector = useConnectorsBySlug().get(connection.data?.connector ?? "");
  if (connection.isPending) return <Loading label="Loading connection" />;
  if (connection.isError) return <ErrorState error={connection.error} retry={() => void connection.refetch()} />;
  const c = connection.data;
  return (
    <div className="max-w-3xl">
      <Link href={`/w/${workspace}/connections`} className="text-sm text-accent-700 hover:underline">
        ← Connections
      </Link>
      <PageHeader
        title={
          <span className="mt-2 inline-flex items-center gap-3">
            {connector && <ConnectorIcon svg={connector.icon} />}
            {c.name}
            <ConnectionStatus status={c.status} />
          </span>
        }
        description={`${connector?.name ?? c.connector} · connected ${new Date(c.createdAt).toLocaleDateString()}`}
      />
      <Sections workspace={workspace} c={c} canEdit={canEdit} />
    </div>
  );
}
