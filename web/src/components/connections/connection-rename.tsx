"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Field, Input } from "~/components/ui/field";
import { useTRPC } from "~/lib/trpc/react";
import type { ConnectionDetail } from "./connection-types";
import { useConnectionChanged } from "./use-connection-changed";

/** Definitions name connections, so a connection in use keeps its name (the server refuses too). */
export function ConnectionRename({ connection }: { connection: ConnectionDetail }) {
  const trpc = useTRPC();
  const changed = useConnectionChanged();
  const [name, setName] = useState(connection.name);
  const rename = useMutation(trpc.connections.rename.mutationOptions({ onSuccess: changed }));
  const inUse = connection.usedBy.length > 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    rename.mutate({ id: connection.id, name });
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Rename">
      <Field
        label="Name"
        className="min-w-64 flex-1"
        error={rename.error?.message}
        hint={
          inUse ? "Workflows refer to it by this name: change them to another connection before renaming." : undefined
        }
      >
        {(control) => (
          <Input {...control} required disabled={inUse} value={name} onChange={(e) => setName(e.target.value)} />
        )}
      </Field>
      <Button type="submit" disabled={inUse || rename.isPending || name === connection.name}>
        Rename
      </Button>
    </form>
  );
}
