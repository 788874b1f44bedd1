"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Field, Input } from "~/components/ui/field";
import { credentialsFrom, type CredentialField } from "~/lib/connections/credential-fields";
import { useTRPC } from "~/lib/trpc/react";
import { CredentialInputs } from "./credential-inputs";

interface Props {
  workspace: string;
  connector: { slug: string; name: string };
  fields: CredentialField[];
}

/** A key-based connection: its name and credentials, checked by the server before anything is saved. */
export function KeyConnectForm({ workspace, connector, fields }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState(connector.slug);
  const [values, setValues] = useState<Record<string, string>>({});
  const create = useMutation(
    trpc.connections.create.mutationOptions({
      onSuccess: async (created) => {
        await queryClient.invalidateQueries({ queryKey: trpc.connections.list.queryKey() });
        router.push(`/w/${workspace}/connections/${created.id}`);
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, connector: connector.slug, credentials: credentialsFrom(fields, values) });
  };
  return (
    <form onSubmit={submit} className="space-y-4" aria-label={`Connect ${connector.name}`}>
      <Field label="Connection name" hint="Workflows name it in a step's connection: letters, digits, -, _ and . only.">
        {(control) => <Input {...control} required value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <CredentialInputs fields={fields} values={values} onChange={setValues} />
      {create.error && (
        <p role="alert" className="text-sm text-red-600">
          {create.error.message}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={create.isPending}>
        {create.isPending ? "Connecting…" : "Connect"}
      </Button>
    </form>
  );
}
