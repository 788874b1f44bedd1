"use client";
import { useMutation } from "@tanstack/react-query";
import type { Role } from "@switchyard/db";
import { KeyRound } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { CopyButton } from "~/components/ui/copy-button";
import { Field, Input } from "~/components/ui/field";
import { useTRPC } from "~/lib/trpc/react";
import { grantableRoles, RoleSelect } from "./role-select";
import { useRefresh } from "./use-settings";

/** The new token, the only time anyone sees it. */
function NewToken({ name, token }: { name: string; token: string }) {
  return (
    <div role="status" className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm">
      <p>
        Token <strong>{name}</strong> created. Copy it now: it is not shown again.
      </p>
      <div className="flex items-center gap-2">
        <code data-testid="new-token" className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 font-mono text-xs">
          {token}
        </code>
        <CopyButton text={token} label="Copy token" />
      </div>
    </div>
  );
}

export function TokenCreateForm({ myRole }: { myRole: Role }) {
  const trpc = useTRPC();
  const refresh = useRefresh("tokens");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Exclude<Role, "owner">>("editor");
  const create = useMutation(trpc.settings.createToken.mutationOptions({ onSuccess: () => void refresh() }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, role }, { onSuccess: () => setName("") });
  };
  return (
    <Card className="space-y-4 p-4">
      <form onSubmit={submit} aria-label="Create an API token" className="flex flex-wrap items-start gap-3">
        <Field
          label="Token name"
          hint="What it is for, e.g. ci or grafana"
          className="min-w-64 flex-1"
          error={create.error?.message}
        >
          {(control) => (
            <Input {...control} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field label="Token role" className="w-40">
          {(control) => (
            <RoleSelect
              {...control}
              value={role}
              roles={grantableRoles(myRole, ["owner"])}
              onChange={(r) => setRole(r as Exclude<Role, "owner">)}
            />
          )}
        </Field>
        {/* Level with the inputs, under their labels (the name's hint hangs below). */}
        <Button type="submit" variant="primary" disabled={create.isPending} className="mt-6">
          <KeyRound aria-hidden className="size-4" /> {create.isPending ? "Creating…" : "Create token"}
        </Button>
      </form>
      {create.data && <NewToken name={create.data.name} token={create.data.token} />}
    </Card>
  );
}
