"use client";
import { useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { Card, PageHeader } from "~/components/ui/card";
import { EmptyState, ErrorState, Loading } from "~/components/ui/states";
import { useTRPC } from "~/lib/trpc/react";
import type { OAuthOutcome } from "~/server/services/oauth-outcome";
import { ConnectionsTable } from "./connections-table";
import { LinkButton } from "./link-button";
import { OutcomeBanner } from "./outcome-banner";

interface Props {
  workspace: string;
  canEdit: boolean;
  outcome: OAuthOutcome | null;
}

export function ConnectionsScreen({ workspace, canEdit, outcome }: Props) {
  const trpc = useTRPC();
  const list = useQuery(trpc.connections.list.queryOptions());
  const add = canEdit && (
    <LinkButton href={`/w/${workspace}/connections/new`}>
      <Plus aria-hidden className="size-4" />
      Add connection
    </LinkButton>
  );
  return (
    <div className="max-w-5xl">
      <PageHeader
        title="Connections"
        description="The accounts your workflows act as. Credentials are stored encrypted and never shown again."
        actions={add}
      />
      {outcome && <OutcomeBanner outcome={outcome} />}
      {list.isPending ? (
        <Loading label="Loading connections" />
      ) : list.isError ? (
        <ErrorState error={list.error} retry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState title="No connections yet" action={add || undefined}>
          A connection lets workflow steps act as one of your accounts: a Slack workspace, a bot, a database.
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <ConnectionsTable workspace={workspace} items={list.data} />
        </Card>
      )}
    </div>
  );
}
