"use client";
import { useQuery } from "@tanstack/react-query";
import { Card, PageHeader } from "~/components/ui/card";
import { ErrorState, Loading } from "~/components/ui/states";
import { credentialFields } from "~/lib/connections/credential-fields";
import { useTRPC } from "~/lib/trpc/react";
import { ConnectorIcon } from "./connector-icon";
import { KeyConnectForm } from "./key-connect-form";
import { OAuthConnectForm } from "./oauth-connect-form";

/** Connect one connector: OAuth2 through the provider, or a form generated from its credentials' schema. */
export function ConnectScreen({ workspace, connector: slug }: { workspace: string; connector: string }) {
  const trpc = useTRPC();
  const connector = useQuery(trpc.connectors.bySlug.queryOptions({ slug }));
  if (connector.isPending) return <Loading label="Loading connector" />;
  if (connector.isError) return <ErrorState error={connector.error} retry={() => void connector.refetch()} />;
  const c = connector.data;
  const auth = c.auth as { kind: string; scopes?: string[]; props?: unknown };
  return (
    <div className="max-w-xl">
      <PageHeader
        title={
          <span className="inline-flex items-center gap-3">
            <ConnectorIcon svg={c.icon} />
            Connect {c.name}
          </span>
        }
        description={c.description}
      />
      <Card className="p-5">
        {auth.kind === "oauth2" ? (
          <OAuthConnectForm connector={{ slug: c.slug, name: c.name, scopes: auth.scopes ?? [] }} />
        ) : auth.kind === "none" ? (
          <p className="text-sm text-slate-600">{c.name} needs no connection: its steps work without one.</p>
        ) : (
          <KeyConnectForm workspace={workspace} connector={c} fields={credentialFields(auth.props)} />
        )}
      </Card>
    </div>
  );
}
