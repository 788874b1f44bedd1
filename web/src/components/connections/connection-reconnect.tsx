"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Loading } from "~/components/ui/states";
import { credentialFields, credentialsFrom } from "~/lib/connections/credential-fields";
import { useTRPC } from "~/lib/trpc/react";
import type { ConnectionDetail } from "./connection-types";
import { CredentialInputs } from "./credential-inputs";
import { useConnectionChanged } from "./use-connection-changed";
import { useStartOAuth } from "./use-start-oauth";

function OAuthReconnect({ connection }: { connection: ConnectionDetail }) {
  const start = useStartOAuth();
  return (
    <div className="space-y-2">
      <Button
        variant="primary"
        disabled={start.isPending || start.isSuccess}
        onClick={() => start.mutate({ connector: connection.connector, name: connection.name, reconnect: true })}
      >
        Reconnect
      </Button>
      {start.error && (
        <p role="alert" className="text-sm text-red-600">
          {start.error.message}
        </p>
      )}
    </div>
  );
}

function KeyReconnect({ connection }: { connection: ConnectionDetail }) {
  const trpc = useTRPC();
  const changed = useConnectionChanged();
  const connector = useQuery(trpc.connectors.bySlug.queryOptions({ slug: connection.connector }));
  const [values, setValues] = useState<Record<string, string>>({});
  const replace = useMutation(
    trpc.connections.replaceCredentials.mutationOptions({ onSuccess: () => (setValues({}), changed()) }),
  );
  if (connector.isPending) return <Loading label="Loading the form" />;
  const fields = credentialFields((connector.data?.auth as { props?: unknown } | undefined)?.props);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    replace.mutate({ id: connection.id, credentials: credentialsFrom(fields, values) });
  };
  return (
    <form onSubmit={submit} className="max-w-md space-y-3" aria-label="Replace credentials">
      <CredentialInputs fields={fields} values={values} onChange={setValues} />
      {(replace.error ?? connector.error) && (
        <p role="alert" className="text-sm text-red-600">
          {(replace.error ?? connector.error)?.message}
        </p>
      )}
      {replace.isSuccess && <p className="text-sm text-emerald-700">Credentials replaced.</p>}
      <Button type="submit" variant="primary" disabled={replace.isPending}>
        Reconnect
      </Button>
    </form>
  );
}

/** New credentials under the same name, so the workflows using it carry on. */
export function ConnectionReconnect({ connection }: { connection: ConnectionDetail }) {
  return connection.authKind === "oauth2" ? (
    <OAuthReconnect connection={connection} />
  ) : (
    <KeyReconnect connection={connection} />
  );
}
